"""The API against its own OpenAPI schema, with generated input (schemathesis and every one of its checks:
server errors, status codes, content types, headers and bodies as documented, valid input accepted and
invalid input refused, authentication enforced): anonymously, with a partner key and with a citizen's token.

The portal is called in-process over WSGI inside the test's transaction, on the demo data; each generated
request runs in a savepoint that is rolled back, so every case meets the same data and the verdict is the
same every run (derandomized generation, no example database)."""

import os

import pytest
import schemathesis
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import positive_data_acceptance

from hub.models import Organisation
from sharingcity.models import User
from tests.factories import issue_key

pytestmark = pytest.mark.django_db

# A few examples per operation and mode keep the suite quick; API_FUZZ_EXAMPLES=50 searches deeper by hand.
EXAMPLES_PER_OPERATION = int(os.environ.get("API_FUZZ_EXAMPLES", "6"))


def accepted_or_refused_for_a_named_field(ctx, response, case):
    """schemathesis's positive_data_acceptance, with one answer more for input the schema admits: a 400
    that names the fields it refused, with the reason. A schema cannot say which rows exist (a facility
    id, a lot's slug) nor state the booking rules (opening hours, how far ahead, both ends of a window);
    those refusals are 400s with field errors, as documented. Any other refusal of valid input still fails."""
    if response.status_code == 400 and case.meta is not None and case.meta.generation.mode.is_positive:
        errors = response.json()
        named = set(case.body if isinstance(case.body, dict) else ()) | {p.name for p in case.operation.query}
        named |= body_fields(case.operation)  # a rule can name a field that was left out (fee_description)
        if isinstance(errors, dict) and errors and set(errors) <= named | {"non_field_errors"}:
            return None
    return positive_data_acceptance(ctx, response, case)


def body_fields(operation):
    """The fields the operation's documented request body declares."""
    raw = operation.schema.raw_schema
    fields = set()
    for media in operation.definition.raw.get("requestBody", {}).get("content", {}).values():
        body = media.get("schema", {})
        if "$ref" in body:
            body = raw["components"]["schemas"][body["$ref"].rsplit("/", 1)[-1]]
        fields |= set(body.get("properties", {}))
    return fields


@pytest.fixture
def schema():
    """The demo data and the schema as the portal serves it, loaded through the portal itself."""
    call_command("seed_demo", verbosity=0)
    # Start from an empty cache: after the GBFS cache tests, what they left there made the partner run take
    # minutes instead of seconds, and a cache carried over from another test is not this test's world.
    cache.clear()
    # Django closes the connection after each request; in-process that would end the test's transaction
    # (the test client disconnects the same handlers).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", WSGIHandler())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def fuzz(schema, headers):
    """Every operation, with valid and with invalid input; returns the failures of all of them."""
    failures = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @settings(
                max_examples=EXAMPLES_PER_OPERATION,
                deadline=None,
                database=None,
                derandomize=True,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            @given(case=operation.as_strategy(generation_mode=mode))
            def check(case):
                with transaction.atomic():
                    try:
                        case.call_and_validate(
                            headers=headers,
                            excluded_checks=[positive_data_acceptance],
                            additional_checks=[accepted_or_refused_for_a_named_field],
                        )
                    finally:
                        transaction.set_rollback(True)

            try:
                check()
            except Unsatisfiable:
                # Nothing to send wrong: an operation without parameters or body has no invalid input.
                assert mode == GenerationMode.NEGATIVE and not (operation.query or operation.body), operation.label
            except (Exception, FailureGroup) as failure:  # collect every operation's failures, report them together
                failures.append(f"{operation.label} ({mode}): {str(failure)[:1500]}")
    assert operations > 30
    return failures


def test_anonymous_requests_meet_every_check_of_the_schema(schema):
    failures = fuzz(schema, headers={})
    assert not failures, "\n\n".join(failures)


def test_a_partner_key_meets_every_check_of_the_schema(schema):
    operator = Organisation.objects.get(slug="greencar-share")
    failures = fuzz(schema, headers={"Authorization": f"Api-Key {issue_key(operator)}"})
    assert not failures, "\n\n".join(failures)


def test_a_citizen_token_meets_every_check_of_the_schema(schema):
    token, _created = Token.objects.get_or_create(user=User.objects.get(email="citizen@sharing.example"))
    failures = fuzz(schema, headers={"Authorization": f"Token {token.key}"})
    assert not failures, "\n\n".join(failures)
