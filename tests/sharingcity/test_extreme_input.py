"""Property: whatever a visitor or a partner sends in any form field, query parameter or JSON property of
any page or API endpoint (found from the URLconf, the pages' forms and the API schema; see surfaces.py),
the answer is never a server error, and a refusal writes no row.

Each test first sends every field of every target the hardest values (NUL, 10,000 characters, year
9999, an integer past the column), then lets hypothesis combine extreme values over several fields."""

import json

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from hub.models import Organisation
from sharingcity.models import User
from tests.factories import issue_key
from tests.sharingcity.surfaces import api_targets, crawl, fingerprint

pytestmark = pytest.mark.django_db

# Sent to every field of a target at once, so each field's own checks meet each of them.
HARDEST = ["a\x00b", "x" * 10_000, "9999-12-31T23:59:59", "0001-01-01", 2**31]
EXTREME_TEXT = st.sampled_from(
    [
        "\x00",
        "\x01\x02",
        "\x7f",
        "a\x1b[31m",
        "x" * 10_000,
        "가" * 5_000,
        "0001-01-01",
        "9999-12-31",
        "9999-12-27",
        "0001-01-01T00:00",
        "9999-12-31T23:59:59+09:00",
        "9999-12-31 23:59",
        "24:00",
        "99:99",
        "NaN",
        "1e309",
        "-0",
        "abc",
        "",
        " ",
        "٣",
        "true",
    ]
)
EXTREME_INTEGERS = st.one_of(
    st.sampled_from([2**31, -(2**31) - 1, 2**63, -1, 0, 2**15, 10**30]), st.integers(-(2**80), 2**80)
)
EXTREME = st.one_of(EXTREME_TEXT, EXTREME_INTEGERS.map(str), st.text(max_size=20))
EXTREME_JSON = st.one_of(EXTREME, EXTREME_INTEGERS, st.just(None), st.just([]), st.just({}), st.floats())
RUN = settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def world(settings):
    settings.PAGE_CACHE_SECONDS = 0  # every request reaches its view
    settings.AXES_ENABLED = True  # the sign-in page's lockout table is part of what is driven
    settings.AXES_FAILURE_LIMIT = 10_000
    call_command("seed_demo", verbosity=0)


def send(client, target, values):
    data = {**target.defaults, **values}
    if target.json:
        return client.generic(target.method, target.path, json.dumps(data), content_type="application/json")
    if target.method == "GET":
        return client.get(target.path, data)
    return client.post(target.path, data)


def refused(target, response):
    if response.status_code >= 400:
        return True
    # A page's form that is sent back to the visitor (200) rather than redirecting did not go through.
    return target.method == "POST" and not target.json and response.status_code == 200


def check(client, target, values):
    before = fingerprint()
    with transaction.atomic():  # its own subtransaction: whatever it writes gets a newer transaction id
        response = send(client, target, values)
    where = f"{target.method} {target.path} {sorted((k, str(v)[:40]) for k, v in values.items())}"
    assert response.status_code < 500, where
    if refused(target, response):
        assert fingerprint() == before, f"a refusal wrote rows: {where}"


def drive(pairs):
    """Every field of every target gets each of the hardest values (all its fields at once)."""
    for client, target in pairs:
        for value in HARDEST:
            check(client, target, dict.fromkeys(target.fields, value if target.json else str(value)))
    return len(pairs) * len(HARDEST)


def combine(pairs):
    """Hypothesis picks a target and up to three of its fields, and gives each an extreme value."""

    @RUN
    @given(st.data())
    def combined(data):
        client, target = data.draw(st.sampled_from(pairs))
        names = data.draw(st.lists(st.sampled_from(target.fields), min_size=1, max_size=3, unique=True))
        strategy = EXTREME_JSON if target.json else EXTREME
        check(client, target, {name: data.draw(strategy) for name in names})

    combined()


# The people whose pages differ: each finds the forms their role is offered.
VISITORS = [
    None,
    "citizen@sharing.example",
    "student@sharing.example",
    "host@sharing.example",
    "coordinator.nowon@sharing.example",
]


def test_no_page_form_or_query_parameter_fails_the_server_or_writes_on_a_refusal(world):
    pairs, found = [], set()
    for email in VISITORS:
        client = Client()
        if email:
            client.force_login(User.objects.get(email=email))
        for target in crawl(client):
            if (target.method, target.route) not in found:
                found.add((target.method, target.route))
                pairs.append((client, target))
    assert {"accounts/login/", "facilities/<str:slug>/book/", "roomshare/student/register/"} <= {
        t.route for _c, t in pairs if t.method == "POST"
    }
    pairs = [(client, target) for client, target in pairs if target.fields]
    assert drive(pairs) > 100
    combine(pairs)


def api_clients():
    anonymous = APIClient()
    operator = APIClient()
    operator.credentials(HTTP_AUTHORIZATION=f"Api-Key {issue_key(Organisation.objects.get(slug='greencar-share'))}")
    citizen = APIClient()
    citizen.force_authenticate(User.objects.get(email="citizen@sharing.example"))
    return [anonymous, operator, citizen]


def test_no_api_query_parameter_or_json_property_fails_the_server_or_writes_on_a_refusal(world):
    clients = api_clients()
    operator = clients[1]

    def path_value(template, name):
        """The lookup value of the first row the operator (who sees the most) can list, else 1."""
        listing = template.split("{")[0]
        response = operator.get(listing)
        try:
            rows = response.json()
            rows = rows.get("results", rows) if isinstance(rows, dict) else rows
            return rows[0].get(name, rows[0].get("id", 1))
        except (ValueError, IndexError, KeyError, AttributeError, TypeError):
            return 1

    targets = [t for t in api_targets(path_value) if t.fields]
    assert len(targets) > 10
    pairs = [(client, target) for target in targets for client in clients]
    assert drive(pairs) > 100
    combine(pairs)


def test_the_fingerprint_sees_a_row_added_changed_or_removed(db):
    from tests.factories import UserFactory

    existing = UserFactory()
    prints = [fingerprint()]
    for step in (UserFactory, lambda: existing.save(update_fields=["full_name"]), existing.delete):
        with transaction.atomic():
            step()
        prints.append(fingerprint())
    assert all(earlier != later for earlier, later in zip(prints, prints[1:], strict=False))
