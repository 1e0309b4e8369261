"""Run by test_replica.py in its own process, with DATABASE_URL (primary) and DATABASE_REPLICA_URL set.

Prints one JSON object: which database served each kind of read, and whether a write reached the replica.
"""

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sharingcity.settings")

import django  # noqa: E402

django.setup()

from django.db import connections, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from hub.models import Article  # noqa: E402


def served_by(action):
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        action()
    return {"primary": len(primary), "replica": len(replica)}


def main():
    result = {}
    article = Article.objects.create(
        slug="replica-probe", title="Replica probe", summary="s", body="b", published_at=timezone.now()
    )
    deadline = time.monotonic() + 10
    while not Article.objects.using("replica").filter(pk=article.pk).exists():
        if time.monotonic() > deadline:
            break
        time.sleep(0.1)
    result["write_reached_replica"] = Article.objects.using("replica").filter(pk=article.pk).exists()

    client = Client()
    result["page_read"] = served_by(lambda: client.get("/hub/news/"))
    # A write (a failed sign-in is a POST) pins the browser to the primary for a few seconds.
    response = client.post("/accounts/login/", {"username": "nobody@example.com", "password": "wrong"})
    result["pinned_after_write"] = "sc_primary" in response.cookies
    result["read_after_write"] = served_by(lambda: client.get("/hub/news/"))

    def read_in_transaction():
        with transaction.atomic():
            list(Article.objects.all()[:1])

    result["read_in_transaction"] = served_by(read_in_transaction)
    result["read_outside_request"] = served_by(lambda: list(Article.objects.all()[:1]))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
