import pytest


@pytest.fixture(autouse=True)
def _private_files(private_files):
    return private_files


@pytest.fixture
def english():
    """Compare reasons and messages in English (Korean is the site's default language)."""
    from django.utils import translation

    with translation.override("en"):
        yield
