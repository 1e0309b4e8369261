"""The API against its own OpenAPI schema, with generated input (schemathesis): anonymously and with a
partner key, no request makes a server error and every response matches what the schema documents."""

import pytest
import schemathesis
from django.core.management import call_command
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import content_type_conformance, not_a_server_error, response_schema_conformance
from schemathesis.core.failures import FailureGroup

from hub.models import Organisation
from tests.factories import issue_key

EXAMPLES_PER_OPERATION = 8
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


@pytest.fixture
def seeded(live_server):
    call_command("seed_demo", verbosity=0)
    return live_server.url


def fuzz(base_url, headers):
    schema = schemathesis.openapi.from_url(f"{base_url}/api/v1/schema/?format=json")
    failures = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def check(case):
            response = case.call(base_url=base_url, headers=headers)
            case.validate_response(response, checks=CHECKS)

        try:
            check()
        except (Exception, FailureGroup) as failure:  # collect every operation's failures, report them together
            failures.append(f"{operation.label}: {str(failure)[:600]}")
    assert operations > 10
    return failures


@pytest.mark.django_db(transaction=True)
def test_anonymous_requests_never_fail_the_server_or_the_schema(seeded):
    failures = fuzz(seeded, headers={})
    assert not failures, "\n\n".join(failures)


@pytest.mark.django_db(transaction=True)
def test_a_partner_key_never_fails_the_server_or_the_schema(seeded):
    operator = Organisation.objects.get(slug="greencar-share")
    failures = fuzz(seeded, headers={"Authorization": f"Api-Key {issue_key(operator)}"})
    assert not failures, "\n\n".join(failures)
