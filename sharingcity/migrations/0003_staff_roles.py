"""The staff roles, as groups. Their permissions follow each app's models (sharingcity.roles)."""

from django.db import migrations

ROLES = ["Hub editor", "Facility manager", "Car-share officer", "Room-share coordinator", "Room-share supervisor"]


def create(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


def remove(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [("sharingcity", "0002_seoul_districts"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(create, remove)]
