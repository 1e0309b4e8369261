"""Forms in the GOV.UK manner and dates written one way per language, on the shared templates and widgets."""

from datetime import date, datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from sharingcity.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def in_language(client, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def test_a_form_with_errors_opens_with_a_summary_linking_to_each_field(client):
    data = {"email": "not an address", "full_name": "", "password1": "x", "password2": "y"}
    html = in_language(client, "en").post(reverse("signup"), data).content.decode()
    summary = html[html.index('class="error-summary"') : html.index("</div>", html.index('class="error-summary"'))]
    assert 'tabindex="-1"' in summary and "data-error-summary" in summary
    assert "There is a problem" in summary
    assert 'href="#id_email"' in summary and 'href="#id_full_name"' in summary
    assert not User.objects.exists()


def test_the_script_moves_the_focus_to_the_error_summary(client):
    html = client.get(reverse("signup")).content.decode()
    assert "js/site.js" in html
    script = (settings.BASE_DIR / "static" / "js" / "site.js").read_text()
    assert "[data-error-summary]" in script and ".focus()" in script


def test_a_form_without_errors_has_no_summary(client):
    assert 'class="error-summary"' not in client.get(reverse("signup")).content.decode()


def test_the_required_mark_sits_inside_the_label(client):
    html = in_language(client, "en").get(reverse("signup")).content.decode()
    assert '<label for="id_email">Email address <span class="required" aria-hidden="true">*</span></label>' in html


def test_korean_dates_read_year_month_day_and_weekday():
    with translation.override("ko"):
        assert date_format(date(2026, 12, 2), "DATE_FORMAT") == "2026년 12월 2일 (수)"
        assert date_format(datetime(2026, 12, 2, 14, 30), "DATETIME_FORMAT") == "2026년 12월 2일 (수) 14:30"


def test_english_dates_read_weekday_day_month_year_never_the_us_order():
    with translation.override("en"):
        assert date_format(date(2026, 12, 2), "DATE_FORMAT") == "Wed 2 December 2026"
        assert date_format(date(2026, 12, 2), "SHORT_DATE_FORMAT") == "Wed 2 Dec"


def test_a_date_is_typed_in_a_text_box_with_its_format_shown(client, citizen):
    from tests.facilities.factories import FacilityFactory

    facility = FacilityFactory()
    client.force_login(citizen)
    html = in_language(client, "en").get(reverse("facilities:book", kwargs={"slug": facility.slug})).content.decode()
    assert '<p class="help" id="id_date_hint">Year-month-day, for example 2026-12-09</p>' in html
    assert 'type="text" name="date"' in html and 'aria-describedby="id_date_hint"' in html
    assert 'type="date"' not in html and 'type="time"' not in html
    assert '<p class="help" id="id_start_time_hint">Hours:minutes on the 24-hour clock' in html


def test_dates_typed_the_korean_way_with_dots_are_understood():
    from facilities.forms import BookingForm
    from tests.facilities.factories import FacilityFactory

    form = BookingForm({"date": "2026. 12. 09", "start_time": "14:00", "end_time": "1600"}, facility=FacilityFactory())
    form.is_valid()
    assert form.cleaned_data["date"] == date(2026, 12, 9)
    assert form.cleaned_data["end_time"].hour == 16


def test_a_us_order_date_is_refused_with_a_clear_message():
    from facilities.forms import BookingForm
    from tests.facilities.factories import FacilityFactory

    form = BookingForm({"date": "12/09/2026"}, facility=FacilityFactory())
    assert not form.is_valid() and "date" in form.errors


def test_required_drop_downs_say_choose_not_dashes(client):
    client.force_login(UserFactory())
    html = in_language(client, "ko").get(reverse("roomshare:register-host")).content.decode()
    assert "---------" not in html
    assert '<option value="" selected>선택하세요</option>' in html


def test_the_hub_proposal_form_has_no_dashes(client):
    client.force_login(UserFactory())
    html = in_language(client, "ko").get(reverse("hub:propose-organisation")).content.decode()
    assert "---------" not in html and "선택하세요" in html


def test_the_licence_class_must_be_chosen_not_taken_by_default(client):
    from carshare.forms import MembershipForm

    form = MembershipForm({})
    assert not form.is_valid() and "licence_class" in form.errors
    assert str(form["licence_class"]).count("selected") == 1 and '<option value="" selected>' in str(
        form["licence_class"]
    )
