"""Staff roles: groups created by a data migration, given their apps' permissions after each migrate."""

from django.utils.translation import gettext_lazy as _

HUB_EDITOR = "Hub editor"
FACILITY_MANAGER = "Facility manager"
CARSHARE_OFFICER = "Car-share officer"
ROOMSHARE_COORDINATOR = "Room-share coordinator"
ROOMSHARE_SUPERVISOR = "Room-share supervisor"

ROLES = {
    HUB_EDITOR: _("Hub editor"),
    FACILITY_MANAGER: _("Facility manager"),
    CARSHARE_OFFICER: _("Car-share officer"),
    ROOMSHARE_COORDINATOR: _("Room-share coordinator"),
    ROOMSHARE_SUPERVISOR: _("Room-share supervisor"),
}

# Which app's models each role manages. Each role may also view districts and organisations,
# which its own forms point to.
ROLE_APPS = {
    HUB_EDITOR: {"hub": "all"},
    FACILITY_MANAGER: {"facilities": "all", "hub": "view"},
    CARSHARE_OFFICER: {"carshare": "all", "hub": "view"},
    ROOMSHARE_COORDINATOR: {"roomshare": "all"},
    # Supervisors read everything in room sharing, including the log of who viewed personal data.
    ROOMSHARE_SUPERVISOR: {"roomshare": "view"},
}
COMMON_VIEW = [("sharingcity", "district"), ("sharingcity", "auditentry")]


def sync_role_permissions(sender, apps=None, using="default", **kwargs):
    """Give each role the permissions of its apps, including models added by later migrations."""
    from django.contrib.auth.models import Group, Permission

    for role, app_rights in ROLE_APPS.items():
        group, _created = Group.objects.using(using).get_or_create(name=role)
        wanted = Permission.objects.using(using).none()
        for app_label, rights in app_rights.items():
            perms = Permission.objects.using(using).filter(content_type__app_label=app_label)
            if rights == "view":
                perms = perms.filter(codename__startswith="view_")
            wanted = wanted | perms
        for app_label, model in COMMON_VIEW:
            wanted = wanted | Permission.objects.using(using).filter(
                content_type__app_label=app_label, codename=f"view_{model}"
            )
        group.permissions.set(wanted)
