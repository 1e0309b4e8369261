"""In Chromium: open the home page, switch language, search the hub in Korean, open a service."""

import pytest

from tests.factories import ServiceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_switches_language_searches_in_korean_and_opens_a_service(page):
    ServiceFactory(title="공구 도서관", title_en="Tool library", summary="드릴을 빌려 드립니다.")
    ServiceFactory(title="장난감 도서관", title_en="Toy library")

    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "ko"
    assert page.get_by_role("heading", level=1).inner_text() == "함께 나누면 더 풍요로운 도시, 공유도시 서울"

    page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Sharing City Seoul" in page.get_by_role("heading", level=1).inner_text()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sharing Hub").click()
    search = page.get_by_label("Search", exact=True)
    search.fill("공구")
    search.press("Enter")
    page.wait_for_url("**q=*")
    results = page.locator("ul.results > li")
    assert results.count() == 1
    results.first.get_by_role("link").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Tool library"
    assert "드릴을 빌려 드립니다." in page.content()


def test_the_language_switch_and_search_work_by_keyboard_alone(page):
    ServiceFactory(title="공구 도서관", title_en="Tool library")
    page.goto("/hub/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "본문 바로가기"
    page.get_by_label("검색", exact=True).focus()
    page.keyboard.type("공구")
    page.keyboard.press("Enter")
    page.wait_for_url("**q=*")
    assert page.locator("ul.results > li").count() == 1
