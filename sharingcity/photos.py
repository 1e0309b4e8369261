"""Photos of what the programmes offer (rooms, cars, organisations): one shape for every kind, each with the
words that describe it to people who cannot see it, shown as a gallery on its page and first on its card."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from sharingcity.uploads import image_extensions, image_size


def photo_path(instance, filename):
    return f"{instance._meta.app_label}/{instance._meta.model_name}/{filename}"


class Photo(models.Model):
    image = models.ImageField(_("image"), upload_to=photo_path, validators=[image_extensions, image_size])
    caption = models.CharField(
        _("alt text"), max_length=200, help_text=_("Describe the photo for people who cannot see it.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "id"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self):
        return self.caption

    @property
    def alt_text(self):
        return self.caption
