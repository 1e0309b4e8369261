from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CarshareConfig(AppConfig):
    name = "carshare"
    verbose_name = _("Car sharing")
