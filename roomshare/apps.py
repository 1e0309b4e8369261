from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoomshareConfig(AppConfig):
    name = "roomshare"
    verbose_name = _("Room sharing")
