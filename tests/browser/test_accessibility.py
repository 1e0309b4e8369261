"""axe-core (from npm) in Chromium on every main page: no serious or critical accessibility violations."""

from pathlib import Path

import pytest
from django.core.management import call_command

from tools.bench_endpoints import public_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PUBLIC_PAGES = ["/", "/accounts/login/", "/accounts/signup/", "/accounts/password_reset/"]
SIGNED_IN_PAGES = [
    "/my/",
    "/accounts/password_change/",
    "/carshare/membership/",
    "/roomshare/mine/",
    "/roomshare/student/register/",
    "/roomshare/host/register/",
]


@pytest.fixture
def axe_page(page):
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `make node` (npm ci), as `make test` does.")
    # An init script is injected by the browser itself, so the site's Content-Security-Policy stays on.
    page.add_init_script(path=str(AXE))
    return page


def serious_violations(page):
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{item['id']} ({item['impact']}): {item['help']} at {[node['target'] for node in item['nodes']][:3]}"
        for item in result["violations"]
        if item["impact"] in ("serious", "critical")
    ]


def main_pages():
    """The home and account pages, and the anonymous pages the benchmark drives."""
    return list(dict.fromkeys([*PUBLIC_PAGES, *public_pages()]))


def test_main_pages_have_no_serious_accessibility_violations(axe_page, citizen, log_in):
    call_command("seed_demo", verbosity=0)
    problems = {}
    for path in main_pages():
        response = axe_page.goto(path)
        assert response.status == 200, path
        found = serious_violations(axe_page)
        if found:
            problems[path] = found
    log_in(citizen)
    for path in SIGNED_IN_PAGES:
        response = axe_page.goto(path)
        assert response.status == 200, path
        if found := serious_violations(axe_page):
            problems[path] = found
    assert not problems, problems


def test_the_check_does_find_a_serious_violation(axe_page):
    broken = '<html lang="ko"><title>t</title><main><img src="x.png"><input type="text"></main></html>'
    axe_page.route("**/broken-page/", lambda route: route.fulfill(body=broken, content_type="text/html"))
    axe_page.goto("/broken-page/")
    found = serious_violations(axe_page)
    assert any(item.startswith("image-alt") for item in found), found
