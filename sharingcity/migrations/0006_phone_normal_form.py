import sharingcity.phones
from django.db import migrations

from sharingcity.phones import normalise_stored_phones


def normalise(apps, schema_editor):
    """Stored numbers in the one normal form (010-1234-5678); the old spellings are not kept, and the
    normal form reads as well under the previous code, so going back leaves them as they are."""
    normalise_stored_phones(apps.get_model("sharingcity", "User"), "phone")


class Migration(migrations.Migration):

    dependencies = [
        ('sharingcity', '0005_user_language_and_periodic_tasks'),
    ]

    operations = [
        migrations.AlterField(
            model_name='user',
            name='phone',
            field=sharingcity.phones.PhoneField(blank=True, max_length=30, verbose_name='phone'),
        ),
        migrations.RunPython(normalise, migrations.RunPython.noop),
    ]
