"""Hardening: sign-in throttling, a Content-Security-Policy, and an audit log of staff decisions."""

import pytest
from django.urls import reverse

from hub.models import ReviewStatus
from sharingcity.models import AuditEntry
from tests.factories import PASSWORD, ServiceFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def throttled(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3


def test_repeated_failed_sign_ins_lock_the_account_out_even_with_the_right_password(client, citizen, throttled):
    for _ in range(3):
        response = client.post(reverse("login"), {"username": citizen.email, "password": "wrong"})
    assert response.status_code == 429
    assert "Too many attempts" in response.text or "시도" in response.text
    response = client.post(reverse("login"), {"username": citizen.email, "password": PASSWORD})
    assert response.status_code == 429


@pytest.mark.parametrize("written", [str.upper, lambda a: f"  {a} ", lambda a: f" {a.title()}\t"])
def test_the_same_address_in_another_case_or_with_spaces_shares_the_lockout_count(client, citizen, throttled, written):
    for attempt in range(3):
        address = citizen.email if attempt % 2 else written(citizen.email)
        response = client.post(reverse("login"), {"username": address, "password": "wrong"})
    assert response.status_code == 429
    response = client.post(reverse("login"), {"username": written(citizen.email), "password": "wrong again"})
    assert response.status_code == 429


def test_the_right_password_with_the_address_upper_cased_does_not_sign_in_while_locked(client, citizen, throttled):
    for _ in range(3):
        client.post(reverse("login"), {"username": citizen.email, "password": "wrong"})
    response = client.post(reverse("login"), {"username": citizen.email.upper(), "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_locked_address_gets_no_api_token_in_another_case_either(client, citizen, throttled):
    for _ in range(3):
        client.post(reverse("login"), {"username": citizen.email, "password": "wrong"})
    response = client.post("/api/v1/auth/token/", {"username": f" {citizen.email.upper()}", "password": PASSWORD})
    assert response.status_code != 200 and "token" not in response.json()


def test_the_address_signs_in_in_any_case_and_with_spaces_around_it(client, citizen, throttled):
    response = client.post(reverse("login"), {"username": f"  {citizen.email.upper()} ", "password": PASSWORD})
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(citizen.pk)


def test_a_ten_thousand_character_address_is_refused_on_the_sign_in_page(client, throttled):
    client.cookies["django_language"] = "en"
    response = client.post(reverse("login"), {"username": "a" * 10_000 + "@example.org", "password": "x"})
    assert response.status_code == 200
    assert "at most 254 characters" in response.text


def test_a_successful_sign_in_before_the_limit_works(client, citizen, throttled):
    client.post(reverse("login"), {"username": citizen.email, "password": "wrong"})
    response = client.post(reverse("login"), {"username": citizen.email, "password": PASSWORD})
    assert response.status_code == 302


def test_pages_carry_a_content_security_policy_without_inline_scripts(client):
    policy = client.get("/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in policy


def test_approvals_and_rejections_are_logged_with_who_and_why():
    editor = UserFactory(role="Hub editor", full_name="김편집")
    approved, rejected = ServiceFactory(status=ReviewStatus.PENDING), ServiceFactory(status=ReviewStatus.PENDING)
    approved.approve(editor)
    rejected.reject(editor, "중복")
    entries = {e.action: e for e in AuditEntry.objects.all()}
    assert entries["approved"].actor == editor and entries["approved"].object_id == str(approved.pk)
    assert entries["rejected"].reason == "중복"


def test_the_audit_log_cannot_be_edited_in_admin(admin_client):
    entry_service = ServiceFactory(status=ReviewStatus.PENDING)
    entry_service.approve(UserFactory(role="Hub editor"))
    entry = AuditEntry.objects.get()
    assert admin_client.get(reverse("admin:sharingcity_auditentry_changelist")).status_code == 200
    response = admin_client.post(reverse("admin:sharingcity_auditentry_change", args=[entry.pk]), {"reason": "x"})
    assert response.status_code == 403
    assert admin_client.post(reverse("admin:sharingcity_auditentry_delete", args=[entry.pk])).status_code == 403


def test_uploaded_images_are_checked_by_type_and_size():
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sharingcity.uploads import image_extensions, image_size

    with pytest.raises(ValidationError):
        image_extensions(SimpleUploadedFile("script.svg", b"<svg onload=alert(1)>"))
    with pytest.raises(ValidationError, match="5 ?MB"):
        image_size(SimpleUploadedFile("huge.png", b"\x89PNG" + b"0" * (5 * 1024 * 1024)))
    image_extensions(SimpleUploadedFile("photo.jpg", b"..."))
    image_size(SimpleUploadedFile("photo.jpg", b"..."))


def test_logos_and_facility_photos_use_the_image_checks():
    from facilities.models import Photo
    from hub.models import Organisation
    from sharingcity.uploads import image_extensions, image_size

    for field in (Organisation._meta.get_field("logo"), Photo._meta.get_field("image")):
        assert image_extensions in field.validators and image_size in field.validators
