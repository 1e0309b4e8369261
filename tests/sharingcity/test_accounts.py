"""People sign up, sign in with their email, change and reset their password, and see My page."""

import re

import pytest
from django.urls import reverse

from sharingcity.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_sign_up_creates_an_account_and_signs_in(client):
    response = client.post(
        reverse("signup"),
        {
            "email": "New.Person@Example.org",
            "full_name": "새 시민",
            "password1": "a-long pass 2026",
            "password2": "a-long pass 2026",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("my-page")
    user = User.objects.get(email="new.person@example.org")
    assert user.full_name == "새 시민"
    assert response.context["user"] == user


def test_sign_up_with_a_taken_email_or_mismatched_passwords_shows_errors(client, citizen):
    response = client.post(
        reverse("signup"),
        {
            "email": citizen.email.upper(),
            "full_name": "x",
            "password1": "a-long pass 2026",
            "password2": "other pass 2026",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "email" in form.errors and "password2" in form.errors
    assert User.objects.count() == 1


def test_sign_in_with_email_and_sign_out(client, citizen):
    response = client.post(reverse("login"), {"username": citizen.email, "password": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("my-page")
    assert client.get(reverse("my-page")).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("my-page")).status_code == 302


def test_wrong_password_is_refused_with_a_message(client, citizen):
    response = client.post(reverse("login"), {"username": citizen.email, "password": "nope"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_password_change(client, citizen):
    client.force_login(citizen)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "brand new pass 99", "new_password2": "brand new pass 99"},
    )
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.check_password("brand new pass 99")


def test_password_reset_sends_a_working_link(client, citizen, mailoutbox, deliver):
    client.post(reverse("password_reset"), {"email": citizen.email})
    assert mailoutbox == []  # queued, sent by the worker
    deliver()
    assert len(mailoutbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", mailoutbox[0].body).group(1)
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0]
    client.post(form_url, {"new_password1": "reset pass 2026!", "new_password2": "reset pass 2026!"})
    citizen.refresh_from_db()
    assert citizen.check_password("reset pass 2026!")


def test_my_page_needs_sign_in_and_lists_each_programme(client, citizen):
    assert client.get(reverse("my-page")).status_code == 302
    client.force_login(citizen)
    response = client.get(reverse("my-page"))
    assert response.status_code == 200
    assert len(response.context["sections"]) == 4


def test_calendar_address_can_be_reset_and_the_old_one_stops_working(client, citizen):
    old_feed = reverse("calendar-feed", kwargs={"token": citizen.calendar_token})
    assert client.get(old_feed).status_code == 200
    client.force_login(citizen)
    assert old_feed in client.get(reverse("my-page")).content.decode()
    client.post(reverse("reset-calendar-token"))
    citizen.refresh_from_db()
    client.logout()
    assert client.get(old_feed).status_code == 404
    new_feed = client.get(reverse("calendar-feed", kwargs={"token": citizen.calendar_token}))
    assert new_feed.status_code == 200
    assert new_feed["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VCALENDAR" in new_feed.content


def test_staff_roles_exist_with_their_apps_permissions():
    from django.contrib.auth.models import Group

    editor = Group.objects.get(name="Hub editor")
    assert editor.permissions.filter(codename="change_service").exists()
    assert not Group.objects.get(name="Facility manager").permissions.filter(codename="change_service").exists()
    assert Group.objects.filter(name="Room-share coordinator").exists()
    assert Group.objects.filter(name="Car-share officer").exists()


def test_user_factory_role_makes_staff():
    user = UserFactory(role="Hub editor")
    assert user.is_staff and user.groups.filter(name="Hub editor").exists()
