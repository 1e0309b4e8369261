"""Every main page at a phone's width (390 px) and a laptop's (1366 px), in Korean and in English: nothing
wider than the window, no serious accessibility violation, and a screenshot of each in `screenshots/`
(git-ignored) for a person to look at. One browser page is reused throughout to keep the run short."""

import json
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


# Text in Korean on an English page, outside an element marked lang="ko" (content falling back to Korean
# is marked; anything else is a string left untranslated).
KOREAN_LEFT_ON_AN_ENGLISH_PAGE = """() => {
    const found = new Set();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const text = walker.currentNode.textContent.trim();
        const element = walker.currentNode.parentElement;
        if (!text || !/[\uac00-\ud7a3]/.test(text) || !element) continue;
        if (element.closest("script, style, noscript, template, [hidden]")) continue;
        if ((element.closest("[lang]")?.getAttribute("lang") || "").startsWith("ko")) continue;
        if (!element.getClientRects().length) continue;
        found.add(text.slice(0, 60));
    }
    return [...found].slice(0, 8);
}"""

# English words on a Korean page that are a msgid of our catalogues with a Korean translation (the string
# escaped translation), or Django's own English placeholders.
ENGLISH_LEFT_ON_A_KOREAN_PAGE = """(msgids) => {
    const wanted = new Set(msgids);
    const found = new Set();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const text = walker.currentNode.textContent.trim();
        const element = walker.currentNode.parentElement;
        if (!text || !element || element.closest("script, style, noscript, template, [hidden], [lang^=en]")) continue;
        if (wanted.has(text) || text === "---------") found.add(text);
    }
    for (const option of document.querySelectorAll("option")) {
        if (option.textContent.trim() === "---------") found.add("---------");
    }
    return [...found].slice(0, 8);
}"""


def translated_msgids():
    """Every English msgid of our catalogues that reads as words and has a Korean translation of its own
    (a name kept as it is, like "GBFS", is no missed string)."""
    import polib

    root = Path(__file__).resolve().parents[2]
    catalogues = [*root.glob("*/locale/ko/LC_MESSAGES/django.po"), root / "locale/ko/LC_MESSAGES/django.po"]
    return sorted(
        {
            entry.msgid
            for catalogue in catalogues
            for entry in polib.pofile(str(catalogue)).translated_entries()
            if len(entry.msgid) > 3
            and "%" not in entry.msgid
            and entry.msgstr != entry.msgid
            and any(c.isascii() and c.isalpha() for c in entry.msgid)
        }
    )


MSGIDS = []


def untranslated(page, language):
    if language == "en":
        return page.evaluate(KOREAN_LEFT_ON_AN_ENGLISH_PAGE)
    if not MSGIDS:
        MSGIDS.extend(translated_msgids())
    return page.evaluate(ENGLISH_LEFT_ON_A_KOREAN_PAGE, MSGIDS)


def visit(page, path, language, width, problems, accessibility=True):
    response = page.goto(path)
    assert response.status < 400, path
    if (extra := overflow(page)) > 0:
        problems.setdefault(path, []).append(f"{language} {width}: {extra} px wider than the window")
    if path in NARROW_CELLS and (narrowest := narrowest_cell(page, NARROW_CELLS[path])) < 60:
        problems.setdefault(path, []).append(f"{language} {width}: a table cell only {narrowest} px wide")
    if language == "ko" and page.evaluate("() => getComputedStyle(document.body).wordBreak") != "keep-all":
        problems.setdefault(path, []).append("Korean words may break in the middle")
    # Once per language is enough: the words do not change with the width.
    if accessibility and width == "laptop" and (left := untranslated(page, language)):
        problems.setdefault(path, []).append(f"{language}: untranslated {left}")
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
                    # Django's own admin markup (and the records' names it lists as entered) is not ours to
                    # check for accessibility or translation; its layout on a phone is.
                    visit(page, path, language, width, problems, accessibility=False)
    finally:
        context.close()
    # The whole list, for a person to read beside the screenshots (the assertion's message is cut short).
    (SHOTS / "problems.json").write_text(json.dumps(problems, ensure_ascii=False, indent=1))
    assert not problems, problems


def test_the_check_does_find_a_page_wider_than_a_phone(page):
    wide = '<html lang="ko"><title>t</title><main><div style="width: 559px">넓은 칸</div></main></html>'
    page.route("**/wide-page/", lambda route: route.fulfill(body=wide, content_type="text/html"))
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/wide-page/")
    assert overflow(page) > 0


def test_the_check_does_find_korean_left_on_an_english_page_and_english_on_a_korean_one(page):
    head = '<meta charset="utf-8"><title>t</title>'
    english = f'<html lang="en">{head}<main><p>Opening hours</p><p>예약 가능</p><p lang="ko">공릉동</p></main>'
    korean = f'<html lang="ko">{head}<main><p>Opening hours</p><select><option>---------</option></select>'
    page.route("**/english-page/", lambda route: route.fulfill(body=english, content_type="text/html"))
    page.route("**/korean-page/", lambda route: route.fulfill(body=korean, content_type="text/html"))
    page.goto("/english-page/")
    assert untranslated(page, "en") == ["예약 가능"]
    page.goto("/korean-page/")
    assert sorted(untranslated(page, "ko")) == ["---------", "Opening hours"]
