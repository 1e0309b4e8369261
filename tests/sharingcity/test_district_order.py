"""District lists follow the alphabet of the page's language: 가나다 in Korean, A-Z in English."""

import pytest

from hub.filters import ServiceFilter

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
