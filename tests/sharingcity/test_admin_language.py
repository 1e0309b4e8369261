"""The admin speaks the page's language, header included."""

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "header"), [("ko", "공유도시 서울"), ("en", "Sharing City Seoul")])
def test_the_admin_header_is_in_the_pages_language(admin_client, language, header):
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = admin_client.get(reverse("admin:index")).content.decode()
    assert f'<div id="site-name"><a href="/admin/">{header}</a></div>' in html
    assert "<title>" in html and header in html[html.index("<title>") : html.index("</title>")]
