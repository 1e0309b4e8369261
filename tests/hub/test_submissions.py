"""Partners and citizens propose organisations and services; they show once a hub editor approves."""

import pytest
from django.urls import reverse

from hub.models import Organisation, ReviewStatus, Service
from tests.factories import OrganisationFactory, ServiceFactory, UserFactory, district

pytestmark = pytest.mark.django_db


def test_a_citizen_proposes_a_service_that_appears_only_after_approval(client, citizen):
    organisation = OrganisationFactory()
    client.force_login(citizen)
    response = client.post(
        reverse("hub:propose-service"),
        {
            "organisation": organisation.pk,
            "title": "우산 나눔",
            "category": "goods",
            "summary": "역 앞 우산 나눔함",
            "is_free": "on",
            "districts": [district("mapo-gu").pk],
        },
    )
    assert response.status_code == 302
    service = Service.objects.get(title="우산 나눔")
    assert service.status == ReviewStatus.PENDING and service.submitted_by == citizen
    assert "우산 나눔" not in client.get(reverse("hub:service-list")).text
    assert "우산 나눔" in client.get(reverse("my-page")).text

    service.approve(UserFactory(role="Hub editor"))
    assert "우산 나눔" in client.get(reverse("hub:service-list")).text


def test_proposals_need_sign_in(client):
    response = client.get(reverse("hub:propose-service"))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_an_incomplete_proposal_re_renders_with_errors_and_saves_nothing(client, citizen):
    client.force_login(citizen)
    response = client.post(reverse("hub:propose-organisation"), {"name": "", "kind": "alien"})
    assert response.status_code == 200
    assert {"name", "kind", "district"} <= set(response.context["form"].errors)
    assert not Organisation.objects.filter(submitted_by=citizen).exists()


def test_a_paid_service_proposal_must_describe_the_fee(client, citizen):
    organisation = OrganisationFactory()
    client.force_login(citizen)
    response = client.post(
        reverse("hub:propose-service"),
        {
            "organisation": organisation.pk,
            "title": "유료",
            "category": "goods",
            "summary": "s",
            "districts": [district().pk],
        },
    )
    assert response.status_code == 200
    assert "fee_description" in response.context["form"].errors


def test_rejection_needs_a_reason():
    from django.core.exceptions import ValidationError

    service = ServiceFactory(status=ReviewStatus.PENDING)
    with pytest.raises(ValidationError):
        service.reject(UserFactory(role="Hub editor"), "  ")
    service.reject(UserFactory(role="Hub editor"), "중복된 서비스입니다.")
    assert service.status == ReviewStatus.REJECTED


def test_hub_editor_approves_and_rejects_in_admin(client):
    editor = UserFactory(role="Hub editor")
    pending = ServiceFactory(status=ReviewStatus.PENDING)
    other = ServiceFactory(status=ReviewStatus.PENDING)
    client.force_login(editor)
    url = reverse("admin:hub_service_changelist")
    assert client.get(url).status_code == 200
    client.post(url, {"action": "approve", "_selected_action": [pending.pk]})
    pending.refresh_from_db()
    assert pending.status == ReviewStatus.PUBLISHED
    # Rejecting asks for a reason first, then applies it.
    asked = client.post(url, {"action": "reject", "_selected_action": [other.pk]})
    assert asked.status_code == 200 and "reason" in asked.text
    client.post(url, {"action": "reject", "_selected_action": [other.pk], "apply": "1", "reason": "연락처가 없습니다."})
    other.refresh_from_db()
    assert other.status == ReviewStatus.REJECTED and other.rejection_reason == "연락처가 없습니다."


def test_staff_of_other_programmes_may_look_up_hub_listings_but_not_approve_them(client):
    pending = ServiceFactory(status=ReviewStatus.PENDING)
    client.force_login(UserFactory(role="Facility manager"))
    url = reverse("admin:hub_service_changelist")
    assert client.get(url).status_code == 200
    client.post(url, {"action": "approve", "_selected_action": [pending.pk]})
    pending.refresh_from_db()
    assert pending.status == ReviewStatus.PENDING
    assert client.get(reverse("admin:hub_partnerapikey_add")).status_code == 403


def test_issuing_a_key_in_admin_shows_it_once(client):
    from hub.models import PartnerApiKey

    client.force_login(UserFactory(role="Hub editor"))
    organisation = OrganisationFactory(kind=Organisation.Kind.BUSINESS)
    response = client.post(
        reverse("admin:hub_partnerapikey_add"), {"organisation": organisation.pk, "name": "fleet"}, follow=True
    )
    key = PartnerApiKey.objects.get(organisation=organisation)
    shown = [str(m) for m in response.context["messages"]]
    assert any(key.prefix in m for m in shown)
    assert key.hashed_key not in response.text
