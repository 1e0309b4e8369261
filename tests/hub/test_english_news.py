"""News in English where an editor wrote it, else the Korean marked as Korean."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_english_news_shows_the_english_title_and_body(client):
    article = ArticleFactory(title="나눔카 소식", title_en="Car sharing news", body="본문", body_en="The body.")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<h1>Car sharing news</h1>" in html and "The body." in html and "본문" not in html


def test_news_without_english_is_shown_in_korean_marked_lang_ko(client):
    article = ArticleFactory(title="나눔카 소식", title_en="", body="본문입니다.")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<h1><span lang="ko">나눔카 소식</span></h1>' in html
    assert '<div lang="ko">본문입니다.</div>' in html
    listing = client.get(reverse("hub:article-list")).content.decode()
    assert '<span lang="ko">나눔카 소식</span>' in listing


def test_editors_write_the_english_texts_in_admin(admin_client):
    html = admin_client.get(reverse("admin:hub_article_add")).content.decode()
    assert 'name="title_en"' in html and 'name="summary_en"' in html and 'name="body_en"' in html
