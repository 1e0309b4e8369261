"""The Korean catalogues are complete: every marked string of every app has a Korean translation."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
SKIP = shutil.ignore_patterns(".git", ".venv", ".pgdata", "staticfiles", "media", "__pycache__", "*.mo", "node_modules")


@pytest.fixture(scope="module")
def fresh_catalogues(tmp_path_factory):
    """Extract the strings anew in a copy of the tree; translations carry over, new strings come empty."""
    if not shutil.which("msgfmt"):
        pytest.skip("GNU gettext is not installed (apt-get install gettext); .ci/run installs it.")
    copy = tmp_path_factory.mktemp("tree") / "portal"
    shutil.copytree(BASE_DIR, copy, ignore=SKIP)
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "ko", "--no-obsolete", "--ignore=tests"],
        cwd=copy,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return sorted(copy.glob("**/locale/ko/LC_MESSAGES/django.po"))


def test_there_is_a_korean_catalogue(fresh_catalogues):
    assert any(path.parent.parent.parent.parent.name == "portal" for path in fresh_catalogues)


def test_every_marked_string_is_translated_to_korean(fresh_catalogues):
    untranslated = {}
    for path in fresh_catalogues:
        po = polib.pofile(str(path))
        missing = [entry.msgid for entry in po.untranslated_entries() + po.fuzzy_entries() if not entry.obsolete]
        if missing:
            untranslated[str(path.relative_to(path.parents[4]))] = missing
    assert not untranslated, f"Strings without Korean translation: {untranslated}"


def test_a_word_has_one_korean_translation_across_the_catalogues(fresh_catalogues):
    """Django merges every catalogue into one, so a string translated two ways reads one programme's word
    in another's page (an active room-share agreement read 운행 중, car-share wording). Where a short word
    means different things, each use has its own pgettext context."""
    translations = {}
    for path in fresh_catalogues:
        for entry in polib.pofile(str(path)):
            if entry.msgstr and not entry.obsolete:
                translations.setdefault((entry.msgctxt, entry.msgid), {})[entry.msgstr] = path.parts[-5]
    clashes = {key: found for key, found in translations.items() if len(found) > 1}
    assert not clashes, f"Translated differently in different catalogues: {clashes}"


@pytest.mark.django_db
def test_each_programmes_status_reads_in_its_own_words():
    from django.utils import translation

    from carshare.models import Booking as CarBooking
    from carshare.models import Vehicle
    from facilities.models import Reservation
    from hub.models import ReviewStatus
    from roomshare.models import Agreement

    with translation.override("ko"):
        assert Agreement(status=Agreement.Status.ACTIVE).get_status_display() == "진행 중"
        assert Vehicle(status=Vehicle.Status.ACTIVE).get_status_display() == "운행 중"
        assert Reservation(status=Reservation.Status.REJECTED).get_status_display() == "거절"
        assert str(ReviewStatus.REJECTED.label) == "반려됨"
        assert CarBooking(status=CarBooking.Status.NO_SHOW).get_status_display() == "미이용(노쇼)"
        assert Reservation(status=Reservation.Status.NO_SHOW).get_status_display() == "노쇼"
