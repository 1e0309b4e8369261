"""Every main page at a phone's width (390 px) and a laptop's (1366 px), in Korean and in English: nothing
wider than the window, no serious accessibility violation, and a screenshot of each in `screenshots/`
(git-ignored) for a person to look at. One browser page is reused throughout to keep the run short."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from facilities.models import Facility
from hub.models import Article
from tests.browser.test_accessibility import AXE, PUBLIC_PAGES, SIGNED_IN_PAGES, serious_violations
from tools.bench_endpoints import CITIZEN, endpoints

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[2] / "screenshots"
WIDTHS = {"phone": (390, 844), "laptop": (1366, 900)}
DEMO_PASSWORD = "sharing-demo-2026"
ADMIN = "admin@sharing.example"
LISTS = ["hub:service-list", "hub:organisation-list", "hub:article-list", "facilities:search", "carshare:lot-list"]
LISTS += ["carshare:find-car", "roomshare:room-list"]


def overflow(page):
    """How many pixels the page is wider than the window (0 when it fits)."""
    return page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")


def sign_in(page, email):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/my/")


def shot_name(language, width, path):
    slug = path.strip("/").replace("/", "_").replace("?", "_").replace("&", "_").replace("=", "-") or "home"
    return f"{language}-{width}-{slug[:80]}.jpg"


def citizen_pages():
    first_facility = Facility.objects.published().order_by("pk").first()
    public = [
        *PUBLIC_PAGES,
        *[e.path for e in endpoints() if e.user is None and not e.path.startswith(("/api/", "/gbfs/"))],
    ]
    public.append(first_facility.get_absolute_url())  # the grid as it opens, on the first bookable week
    public += [reverse(name) for name in LISTS]
    public.append(Article.objects.published().order_by("pk").first().get_absolute_url())
    signed_in = [*SIGNED_IN_PAGES, *[e.path for e in endpoints() if e.user == CITIZEN]]
    signed_in.append(reverse("hub:propose-service"))
    return list(dict.fromkeys(public)), list(dict.fromkeys(signed_in))


def admin_pages():
    return [
        reverse("admin:index"),
        reverse("admin:facilities_reservation_changelist") + "?when=upcoming",
        reverse("admin:carshare_monthly_report"),
        reverse("roomshare:dashboard"),
    ]


# Tables that used to wrap one character a line on a phone: every cell keeps room for a word.
NARROW_CELLS = {"/my/": "main td", "/admin/carshare/booking/report/": ".table-scroll td:first-child"}


def narrowest_cell(page, selector):
    return page.evaluate(
        """(s) => Math.min(...[...document.querySelectorAll(s)]
            .filter((c) => c.textContent.trim().length > 3)
            .map((c) => c.getBoundingClientRect().width))""",
        selector,
    )


def visit(page, path, language, width, problems, accessibility=True):
    response = page.goto(path)
    assert response.status < 400, path
    if (extra := overflow(page)) > 0:
        problems.setdefault(path, []).append(f"{language} {width}: {extra} px wider than the window")
    if path in NARROW_CELLS and (narrowest := narrowest_cell(page, NARROW_CELLS[path])) < 60:
        problems.setdefault(path, []).append(f"{language} {width}: a table cell only {narrowest} px wide")
    if language == "ko" and page.evaluate("() => getComputedStyle(document.body).wordBreak") != "keep-all":
        problems.setdefault(path, []).append("Korean words may break in the middle")
    if accessibility and (found := serious_violations(page)):
        problems.setdefault(path, []).append(f"{language} {width}: {found}")
    # JPEG: a full page of PNG took longer to encode than the checks themselves.
    page.screenshot(path=str(SHOTS / shot_name(language, width, path)), full_page=True, type="jpeg", quality=70)


def test_every_main_page_fits_a_phone_and_a_laptop_in_both_languages(browser, live_server):
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `make node` (npm ci), as `make test` does.")
    call_command("seed_demo", verbosity=0)
    SHOTS.mkdir(exist_ok=True)
    public, signed_in = citizen_pages()
    context = browser.new_context(base_url=live_server.url, locale="ko-KR", timezone_id="Asia/Seoul")
    context.set_default_navigation_timeout(30_000)
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    problems = {}
    try:
        for language in ("ko", "en"):
            cookie = {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}
            context.clear_cookies()
            context.add_cookies([cookie])
            for width, size in WIDTHS.items():
                page.set_viewport_size({"width": size[0], "height": size[1]})
                for path in public:
                    visit(page, path, language, width, problems)
            sign_in(page, CITIZEN)
            for width, size in WIDTHS.items():
                page.set_viewport_size({"width": size[0], "height": size[1]})
                for path in signed_in:
                    visit(page, path, language, width, problems)
            context.clear_cookies()
            context.add_cookies([cookie])
            sign_in(page, ADMIN)
            for width, size in WIDTHS.items():
                page.set_viewport_size({"width": size[0], "height": size[1]})
                for path in admin_pages():
                    # Django's own admin markup is not ours to fix; its layout on a phone is.
                    visit(page, path, language, width, problems, accessibility=False)
    finally:
        context.close()
    assert not problems, problems


def test_the_check_does_find_a_page_wider_than_a_phone(page):
    wide = '<html lang="ko"><title>t</title><main><div style="width: 559px">넓은 칸</div></main></html>'
    page.route("**/wide-page/", lambda route: route.fulfill(body=wide, content_type="text/html"))
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/wide-page/")
    assert overflow(page) > 0
