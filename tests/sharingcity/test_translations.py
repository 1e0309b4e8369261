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
