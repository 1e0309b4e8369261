"""News pages with an Atom feed, and the organisation directory."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from hub.models import ReviewStatus
from tests.factories import ArticleFactory, OrganisationFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def test_news_list_shows_published_articles_newest_first_and_hides_drafts_and_future_ones(client):
    ArticleFactory(title="오래된 소식", published_at=timezone.now() - timedelta(days=3))
    ArticleFactory(title="새 소식", published_at=timezone.now() - timedelta(hours=1))
    ArticleFactory(title="초안", is_published=False)
    ArticleFactory(title="예약 소식", published_at=timezone.now() + timedelta(days=1))
    text = client.get(reverse("hub:article-list")).text
    assert text.index("새 소식") < text.index("오래된 소식")
    assert "초안" not in text and "예약 소식" not in text


def test_news_can_be_filtered_by_tag(client):
    ArticleFactory(title="나눔카 소식", tags=["나눔카"])
    ArticleFactory(title="시설 소식", tags=["시설"])
    text = client.get(reverse("hub:article-list"), {"tag": "나눔카"}).text
    assert "나눔카 소식" in text and "시설 소식" not in text


def test_article_page_and_unknown_article(client):
    article = ArticleFactory(title="공유 축제", body="이번 주말 공유 축제가 열립니다.")
    assert "공유 축제가 열립니다" in client.get(article.get_absolute_url()).text
    assert client.get(reverse("hub:article-detail", args=["nope"])).status_code == 404


def test_atom_feed_lists_published_news(client):
    ArticleFactory(title="피드 소식")
    ArticleFactory(title="비공개", is_published=False)
    response = client.get(reverse("hub:article-feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert "피드 소식" in response.text and "비공개" not in response.text


def test_organisation_directory_counts_published_services_only(client, django_assert_max_num_queries):
    organisation = OrganisationFactory(name="마포 공유센터")
    ServiceFactory(organisation=organisation)
    ServiceFactory(organisation=organisation, status=ReviewStatus.PENDING)
    for _ in range(15):
        ServiceFactory()
    with django_assert_max_num_queries(8):
        response = client.get(reverse("hub:organisation-list"), {"q": "마포"})
    assert [o.service_count for o in response.context["page"].object_list] == [1]


def test_organisation_page_lists_its_services_and_hides_unpublished_organisations(client):
    organisation = OrganisationFactory(name="은평 나눔")
    ServiceFactory(organisation=organisation, title="은평 공구")
    assert "은평 공구" in client.get(organisation.get_absolute_url()).text
    hidden = OrganisationFactory(status=ReviewStatus.PENDING)
    assert client.get(hidden.get_absolute_url()).status_code == 404
