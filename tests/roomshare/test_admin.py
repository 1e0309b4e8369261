"""The coordinators' admin: verification queues, the applications board, agreements and check-ins."""

from datetime import timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone

from roomshare.models import Agreement, Application, CheckIn, Host, Room, Verification
from tests.admin_rows import row_button_submit
from tests.roomshare.factories import (
    AgreementFactory,
    ApplicationFactory,
    HostFactory,
    RoomFactory,
    coordinator,
    supervisor,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def act(client, model, action, objects, **data):
    payload = {"action": action, ACTION_CHECKBOX_NAME: [o.pk for o in objects], **data}
    if data:
        payload["apply"] = "1"
    return client.post(reverse(f"admin:roomshare_{model}_changelist"), payload, follow=True)


def test_a_coordinator_walks_an_application_from_the_board_to_an_agreement(client, deliver, mailoutbox):
    application = ApplicationFactory()
    client.force_login(coordinator("nowon-gu"))
    act(client, "application", "shortlist", [application])
    application.refresh_from_db()
    assert application.status == Application.Status.SHORTLISTED
    page = client.post(
        reverse("admin:roomshare_application_changelist"),
        {"action": "schedule_meeting", ACTION_CHECKBOX_NAME: [application.pk]},
    )
    assert page.status_code == 200 and "meeting_place" in page.text  # the intermediate form
    when = timezone.localtime() + timedelta(days=2)
    act(
        client,
        "application",
        "schedule_meeting",
        [application],
        meeting_at=when.strftime("%Y-%m-%dT%H:%M"),
        meeting_place="공릉동 주민센터",
    )
    deliver()
    application.refresh_from_db()
    assert application.status == Application.Status.MEETING and application.meeting_place == "공릉동 주민센터"
    assert any("공릉동 주민센터" in mail.body for mail in mailoutbox)
    act(client, "application", "both_accepted", [application])
    act(client, "application", "create_agreement", [application], months=6, start="", help_agreed="장보기 돕기")
    agreement = Agreement.objects.get(application=application)
    assert agreement.status == Agreement.Status.PROPOSED and agreement.help_agreed == "장보기 돕기"


def test_a_forbidden_move_in_the_admin_shows_the_reason_and_changes_nothing(client):
    application = ApplicationFactory()
    client.force_login(coordinator("nowon-gu"))
    response = act(client, "application", "both_accepted", [application])
    assert "cannot be" in response.text or "할 수 없" in response.text
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED


def test_the_meeting_form_re_renders_with_errors_when_the_place_is_missing(client):
    application = ApplicationFactory(status=Application.Status.SHORTLISTED)
    client.force_login(coordinator("nowon-gu"))
    response = act(client, "application", "schedule_meeting", [application], meeting_at="soon", meeting_place="")
    assert response.status_code == 200 and response.context["form"].errors
    application.refresh_from_db()
    assert application.status == Application.Status.SHORTLISTED


def test_a_coordinator_verifies_hosts_and_publishes_rooms_from_the_queues(client):
    room = RoomFactory(status=Room.Status.PENDING, host=HostFactory(verification=Verification.PENDING), visited_on=None)
    client.force_login(coordinator("nowon-gu"))
    act(client, "host", "verify_hosts", [room.host])
    assert Host.objects.get(pk=room.host.pk).verification == Verification.VERIFIED
    change = reverse("admin:roomshare_room_change", args=[room.pk])
    form = client.get(change).context["adminform"].form
    data = {name: "" if form[name].value() is None else form[name].value() for name in form.fields}
    data.update(
        dict.fromkeys(Room.CHECKLIST, "on"),
        visited_on=TODAY.isoformat(),
        furnished="on",
        **{"photos-TOTAL_FORMS": 0, "photos-INITIAL_FORMS": 0},
    )
    response = client.post(change, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    room.refresh_from_db()
    assert room.checklist_passed and room.visited_by is not None
    act(client, "room", "publish_rooms", [room])
    assert Room.objects.get(pk=room.pk).status == Room.Status.PUBLISHED


def test_rejecting_a_host_in_the_admin_asks_for_a_reason(client):
    host = HostFactory(verification=Verification.PENDING)
    client.force_login(coordinator("nowon-gu"))
    act(client, "host", "reject_hosts", [host], reason="서류가 부족합니다")
    host.refresh_from_db()
    assert host.verification == Verification.REJECTED and host.rejection_reason == "서류가 부족합니다"


def test_a_coordinator_records_a_check_in_and_an_incident_flags_the_agreement(client):
    agreement = AgreementFactory()
    nowon = coordinator("nowon-gu")
    client.force_login(nowon)
    response = client.post(
        reverse("admin:roomshare_checkin_add"),
        {"agreement": agreement.pk, "kind": "incident", "date": TODAY.isoformat(), "issues": "난방 문제로 다툼"},
    )
    assert response.status_code == 302
    checkin = CheckIn.objects.get(agreement=agreement)
    assert checkin.coordinator == nowon
    assert Agreement.objects.get(pk=agreement.pk).needs_attention


def test_a_coordinator_cannot_record_a_check_in_for_another_districts_agreement(client):
    agreement = AgreementFactory()
    client.force_login(coordinator("seodaemun-gu"))
    response = client.post(
        reverse("admin:roomshare_checkin_add"),
        {"agreement": agreement.pk, "kind": "monthly", "date": TODAY.isoformat()},
    )
    assert response.status_code == 200 and "agreement" in response.context["adminform"].form.errors
    assert not CheckIn.objects.exists()


def test_a_supervisor_reads_but_cannot_change(client):
    application = ApplicationFactory()
    client.force_login(supervisor())
    assert client.get(reverse("admin:roomshare_application_change", args=[application.pk])).status_code == 200
    act(client, "application", "shortlist", [application])
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED


def test_the_applications_board_uses_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    for _ in range(30):
        ApplicationFactory()
    client.force_login(coordinator("nowon-gu"))
    with django_assert_max_num_queries(16):
        response = client.get(reverse("admin:roomshare_application_changelist"))
    assert response.context["cl"].result_count == 30
    for _ in range(20):
        AgreementFactory()
    with django_assert_max_num_queries(16):
        client.get(reverse("admin:roomshare_agreement_changelist"))


def test_the_room_page_suggests_students_with_reasons_but_without_names(client):
    from tests.roomshare.factories import StudentFactory

    room = RoomFactory(rent=250_000)
    elsewhere = StudentFactory(preferred_districts=["seodaemun-gu"])  # another coordinator's student
    client.force_login(coordinator("nowon-gu"))
    page = client.get(reverse("admin:roomshare_room_change", args=[room.pk])).text
    assert f"#{elsewhere.pk}" in page and "희망 자치구가 아님" in page  # "Not in a preferred district"
    assert elsewhere.user.full_name not in page


def test_a_coordinator_verifies_a_waiting_host_with_one_click_on_its_row(client):
    host = HostFactory(verification=Verification.PENDING)
    verified = HostFactory(verification=Verification.VERIFIED)
    client.force_login(coordinator("nowon-gu"))
    listing = reverse("admin:roomshare_host_changelist")
    page = client.get(listing).content.decode()
    assert f'form="row-verify_hosts" name="{ACTION_CHECKBOX_NAME}" value="{verified.pk}"' not in page
    client.post(listing, row_button_submit(page, "verify_hosts", host.pk))
    assert Host.objects.get(pk=host.pk).verification == Verification.VERIFIED
