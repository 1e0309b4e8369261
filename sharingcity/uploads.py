"""Checks on uploaded images (logos, facility photos): a picture format browsers show, of a bounded size."""

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

MAX_IMAGE_BYTES = 5 * 1024 * 1024
image_extensions = FileExtensionValidator(["jpg", "jpeg", "png", "webp"])


def image_size(upload):
    if upload.size > MAX_IMAGE_BYTES:
        raise ValidationError(_("The image is too large: at most 5 MB."), code="too_large")
