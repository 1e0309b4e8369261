from django.contrib.postgres.operations import CreateExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("sharingcity", "0006_phone_normal_form")]

    operations = [
        # "Near me" and "within N km": earthdistance (on cube) measures and indexes distances on the earth.
        CreateExtension("cube"),
        CreateExtension("earthdistance"),
    ]
