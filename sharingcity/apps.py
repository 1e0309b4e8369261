from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SharingCityConfig(AppConfig):
    name = "sharingcity"
    verbose_name = _("Sharing City")

    def ready(self):
        from sharingcity.roles import sync_role_permissions

        post_migrate.connect(sync_role_permissions, dispatch_uid="sharingcity.sync_role_permissions")
