import pytest


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    """Uploaded proofs and photos go to a temporary folder, never the checkout."""
    from roomshare.files import PrivateStorage
    from roomshare.models import Student

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ROOMSHARE_PRIVATE_ROOT = tmp_path / "private"
    field = Student._meta.get_field("enrolment_proof")
    original, field.storage = field.storage, PrivateStorage()
    yield field.storage
    field.storage = original


@pytest.fixture
def english():
    """Compare reasons and messages in English (Korean is the site's default language)."""
    from django.utils import translation

    with translation.override("en"):
        yield
