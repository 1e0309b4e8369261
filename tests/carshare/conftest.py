"""Car-share tests read rule messages in English; pages pick their language per request as usual."""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english_messages():
    with translation.override("en"):
        yield
