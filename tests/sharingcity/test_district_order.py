"""District lists follow the alphabet of the page's language: 가나다 in Korean, A-Z in English."""

import pytest
from django.urls import reverse

from hub.filters import ServiceFilter
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


SEARCH_PAGES = ["/hub/", "/hub/organisations/", "/facilities/", "/carshare/", "/carshare/lots/", "/roomshare/"]


def district_options(client, language, path):
    client.cookies["django_language"] = language
    html = client.get(path).content.decode()
    select = html[html.index('<select name="district"') :]
    select = select[: select.index("</select>")]
    return [part.split(">", 1)[1].split("<", 1)[0] for part in select.split("<option")[1:]]


@pytest.mark.parametrize("path", SEARCH_PAGES)
def test_korean_pages_list_districts_in_korean_alphabetical_order(client, path):
    options = district_options(client, "ko", path)
    assert options[0] == "모든 자치구"
    assert options[1:4] == ["강남구", "강동구", "강북구"] and options[-1] == "중랑구"
    assert len(options) == 26


@pytest.mark.parametrize("path", SEARCH_PAGES)
def test_english_pages_list_districts_in_english_alphabetical_order(client, path):
    options = district_options(client, "en", path)
    assert options[0] == "All districts"
    assert options[1:3] == ["Dobong-gu", "Dongdaemun-gu"] and options[-1] == "Yongsan-gu"


def test_the_chosen_district_stays_selected():
    form = ServiceFilter({"district": "mapo-gu"}).form
    assert 'value="mapo-gu" selected' in str(form["district"])


FORM_PAGES = [
    ("roomshare:register-host", "district"),
    ("roomshare:register-student", "preferred_districts"),
    ("hub:propose-organisation", "district"),
    ("hub:propose-service", "districts"),
]


def form_district_labels(client, language, url_name, field):
    """The district names of a form's drop-down list or checkboxes, in the order shown."""
    client.cookies["django_language"] = language
    widget = client.get(reverse(url_name)).context["form"][field].field.widget
    groups = widget.optgroups(field, [])
    return [option["label"] for _group, options, _index in groups for option in options if option["value"]]


@pytest.mark.parametrize(("url_name", "field"), FORM_PAGES)
def test_registration_and_proposal_forms_list_districts_in_the_pages_alphabetical_order(client, url_name, field):
    client.force_login(UserFactory())
    korean = form_district_labels(client, "ko", url_name, field)
    assert korean[:3] == ["강남구", "강동구", "강북구"] and korean[-1] == "중랑구" and len(korean) == 25
    english = form_district_labels(client, "en", url_name, field)
    assert english[:2] == ["Dobong-gu", "Dongdaemun-gu"] and english[-1] == "Yongsan-gu"


def test_the_host_registration_page_shows_the_districts_in_korean_order(client):
    client.force_login(UserFactory())
    html = client.get(reverse("roomshare:register-host")).content.decode()
    assert html.index(">강남구<") < html.index(">강동구<") < html.index(">마포구<") < html.index(">중랑구<")
