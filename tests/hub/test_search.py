"""The hub search: two-letter Korean words through the pieces' GIN index, in a fixed number of queries,
counting a broad search only up to a limit."""

import pytest
from django.db import connection
from django.urls import reverse

from hub import views
from hub.models import Service
from tests.factories import OrganisationFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def search(client, text, **params):
    return client.get(reverse("hub:service-list"), {"q": text, **params})


def test_a_two_letter_korean_word_is_looked_up_in_the_search_index():
    ServiceFactory(title="마을 공유 부엌")
    with connection.cursor() as cursor:
        # A handful of rows: make the planner show its index path rather than read the table.
        cursor.execute("SET enable_seqscan = off; SET enable_indexscan = off")
        plan = Service.objects.search("공유").order_by().explain()
    assert "hub_service_search_grams" in plan


def test_the_search_finds_a_word_inside_a_title_a_summary_or_the_organisations_name(client):
    ServiceFactory(title="마을공유부엌", summary="요리 모임")
    ServiceFactory(title="공구 도서관", summary="이웃과 공유하는 공구")
    ServiceFactory(title="장난감 도서관", organisation=OrganisationFactory(name="성북 공유센터"))
    ServiceFactory(title="아나바다 장터", summary="바꿔 쓰는 장터")
    html = search(client, "공유").text
    assert "마을공유부엌" in html and "공구 도서관" in html and "장난감 도서관" in html
    assert "아나바다 장터" not in html


def test_pieces_in_the_wrong_order_or_one_letter_words_still_match_exactly(client):
    ServiceFactory(title="장고 냉장 창고", title_en="Storage")
    ServiceFactory(title="공유 냉장고", title_en="Community fridge")
    html = search(client, "냉장고").text
    assert "공유 냉장고" in html and "장고 냉장 창고" not in html
    html = search(client, "고").text
    assert "공유 냉장고" in html and "장고 냉장 창고" in html
    assert "공유 냉장고" in search(client, "FRIDGE").text


def test_services_whose_title_matches_come_first(client):
    ServiceFactory(title="가나다 도서관", summary="공유 서가")
    ServiceFactory(title="하하 공유 서가", summary="책")
    html = search(client, "공유").text
    assert html.index("하하 공유 서가") < html.index("가나다 도서관")


def test_a_broad_search_counts_up_to_the_limit_and_says_there_are_more(client, monkeypatch):
    monkeypatch.setattr(views, "SEARCH_COUNT_LIMIT", 3)
    for n in range(5):
        ServiceFactory(title=f"공유 창고 {n}")
    response = search(client, "공유")
    assert "서비스가 3개보다 많습니다" in response.text
    assert response.text.count('class="card"') == 3
    assert "보다 많습니다" not in search(client, "창고 1").text


@pytest.mark.parametrize("services", [5, 30])
def test_a_search_takes_the_same_queries_for_few_or_many_results(client, django_assert_num_queries, services):
    for n in range(services):
        ServiceFactory(title=f"공유 창고 {n}")
    # Districts for the filter and for "near me", matching organisations, the count, the page, the page's
    # districts.
    with django_assert_num_queries(6):
        assert search(client, "공유").status_code == 200


def test_a_cached_result_card_shows_a_change_to_the_service_or_its_organisation_at_once(client):
    service = ServiceFactory(title="공유 창고", summary="처음 요약")
    assert "처음 요약" in search(client, "공유").text
    service.summary = "바뀐 요약"
    service.save()
    assert "바뀐 요약" in search(client, "공유").text
    service.organisation.name = "새 이름 단체"
    service.organisation.save()
    assert "새 이름 단체" in search(client, "공유").text
    client.cookies["django_language"] = "en"
    assert "Districts" in search(client, "공유").text
