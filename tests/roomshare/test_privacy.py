"""Privacy: who sees whose personal data, on every page and endpoint; every staff look is logged."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from roomshare.models import Agreement, Application, Host, PersonalDataView, Room, Student
from roomshare.privacy import erase_personal_data
from tests.factories import UserFactory
from tests.roomshare.factories import (
    AgreementFactory,
    ApplicationFactory,
    StudentFactory,
    coordinator,
    supervisor,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """An active agreement in Nowon-gu between a host and a student, plus everyone else who might look."""
    agreement = AgreementFactory()
    host, student = agreement.host, agreement.student
    return {
        "agreement": agreement,
        "host": host,
        "student": student,
        "people": {
            "anonymous": None,
            "another student": StudentFactory().user,
            "matched student": student.user,
            "host": host.user,
            "coordinator of this district": coordinator("nowon-gu"),
            "coordinator of another district": coordinator("seodaemun-gu"),
        },
    }


def secrets_of(world):
    host, student = world["host"], world["student"]
    return {
        "host name": host.user.full_name,
        "host address": host.address,
        "host phone": host.phone,
        "host birth date": host.date_of_birth.isoformat(),
        "student name": student.user.full_name,
        "student phone": student.phone,
    }


def visible(client, user, url):
    client.logout()
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    return response.status_code, response.content.decode()


def test_public_pages_and_the_api_never_show_a_name_address_phone_or_birth_date(client, world):
    room = world["agreement"].room
    Agreement.objects.filter(pk=world["agreement"].pk).update(status=Agreement.Status.ENDED, end_reason="끝")
    urls = [
        reverse("roomshare:room-list"),
        reverse("roomshare:room-detail", args=[room.pk]),
        "/api/v1/roomshare/rooms/",
        f"/api/v1/roomshare/rooms/{room.pk}/",
        "/api/v1/roomshare/statistics/",
    ]
    for name, user in world["people"].items():
        for url in urls:
            status, body = visible(client, user, url)
            assert status == 200, (name, url)
            for label, secret in secrets_of(world).items():
                assert secret not in body, f"{label} shown to {name} on {url}"


# Which of the host's details each person sees on the agreement page (None: the page is not theirs).
AGREEMENT_PAGE = {
    "anonymous": None,
    "another student": None,
    "matched student": {"host name", "host address", "host phone"},
    "host": {"student name", "student phone"},
    "coordinator of this district": None,
    "coordinator of another district": None,
}


@pytest.mark.parametrize(("person", "sees"), AGREEMENT_PAGE.items())
def test_the_agreement_page_shows_each_party_only_what_they_may_see(client, world, person, sees):
    status, body = visible(
        client, world["people"][person], reverse("roomshare:agreement-detail", args=[world["agreement"].pk])
    )
    if sees is None:
        assert status in (302, 404)
        return
    assert status == 200
    shown = {label for label, secret in secrets_of(world).items() if secret in body}
    assert shown == sees


ADMIN_RECORDS = ["host", "student", "agreement", "application"]
STAFF_SEES = {
    "anonymous": False,
    "another student": False,
    "matched student": False,
    "host": False,
    "coordinator of this district": True,
    "coordinator of another district": False,
}


@pytest.mark.parametrize(("person", "sees"), STAFF_SEES.items())
def test_only_the_districts_coordinator_opens_full_records_and_each_opening_is_logged(client, world, person, sees):
    application = ApplicationFactory(room=world["agreement"].room, student=world["student"], status="agreed")
    records = {
        "host": world["host"],
        "student": world["student"],
        "agreement": world["agreement"],
        "application": application,
    }
    user = world["people"][person]
    for model_name, record in records.items():
        status, body = visible(client, user, reverse(f"admin:roomshare_{model_name}_change", args=[record.pk]))
        if sees:
            assert status == 200
        else:
            assert status == 302
            assert world["host"].address not in body and world["student"].phone not in body
    logged = PersonalDataView.objects.filter(viewer=user) if user else PersonalDataView.objects.none()
    assert logged.count() == (4 if sees else 0)
    if sees:
        assert (
            world["host"].address
            in visible(client, user, reverse("admin:roomshare_host_change", args=[world["host"].pk]))[1]
        )


def test_the_admin_lists_show_a_coordinator_only_their_districts(client, world):
    seodaemun = coordinator("seodaemun-gu")
    client.force_login(seodaemun)
    for model_name in ("host", "room", "student", "application", "agreement", "checkin"):
        response = client.get(reverse(f"admin:roomshare_{model_name}_changelist"))
        assert response.status_code == 200
        assert response.context["cl"].result_count == 0, model_name


def test_the_enrolment_proof_opens_only_for_the_districts_coordinator_and_is_logged(client, world):
    url = reverse("roomshare:enrolment-proof", args=[world["student"].pk])
    expected = {
        "anonymous": 302,
        "another student": 404,
        "matched student": 404,
        "host": 404,
        "coordinator of this district": 200,
        "coordinator of another district": 404,
    }
    for person, status in expected.items():
        user = world["people"][person]
        client.logout()
        if user:
            client.force_login(user)
        response = client.get(url)
        assert response.status_code == status, person
        if status == 200:
            assert b"".join(response.streaming_content).startswith(b"%PDF")
    entry = PersonalDataView.objects.get(what="enrolment proof")
    assert entry.viewer == world["people"]["coordinator of this district"] and entry.record_id == str(
        world["student"].pk
    )


def test_enrolment_proofs_are_not_stored_under_the_public_media_folder(world, settings):
    path = world["student"].enrolment_proof.path
    assert not path.startswith(str(settings.MEDIA_ROOT))
    with pytest.raises(ValueError):
        _ = world["student"].enrolment_proof.url


def test_a_supervisor_reads_the_log_of_who_viewed_personal_data_and_a_coordinator_does_not(client, world):
    nowon = world["people"]["coordinator of this district"]
    client.force_login(nowon)
    client.get(reverse("admin:roomshare_host_change", args=[world["host"].pk]))
    assert client.get(reverse("admin:roomshare_personaldataview_changelist")).status_code == 403
    client.force_login(supervisor())
    response = client.get(reverse("admin:roomshare_personaldataview_changelist"))
    assert response.status_code == 200 and nowon.full_name in response.text


def test_a_citizen_downloads_everything_the_programme_holds_about_them(client, world):
    client.force_login(world["student"].user)
    response = client.get(reverse("roomshare:my-data"))
    data = json.loads(response.content)
    assert data["student"]["phone"] == world["student"].phone
    assert data["agreements"][0]["rent"] == world["agreement"].rent
    assert "host" not in data


def test_erasure_is_refused_while_the_person_lives_in_an_agreement(client, world):
    client.force_login(world["student"].user)
    response = client.post(reverse("roomshare:erase"), {"confirm": "on"})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert Student.objects.get(pk=world["student"].pk).erased_at is None


def test_erasure_removes_personal_data_and_keeps_the_agreement_anonymised(client, world, private_files):
    agreement = world["agreement"]
    Agreement.objects.filter(pk=agreement.pk).update(status=Agreement.Status.ENDED, end_reason="졸업")
    student = world["student"]
    proof = student.enrolment_proof.name
    open_application = ApplicationFactory(student=student)
    client.force_login(student.user)
    with pytest.MonkeyPatch.context():
        response = client.post(reverse("roomshare:erase"), {"confirm": "on"})
    assert response.status_code == 302
    student.refresh_from_db()
    assert (
        student.user is None and student.phone == "" and student.date_of_birth is None and not student.enrolment_proof
    )
    assert Application.objects.get(pk=open_application.pk).status == Application.Status.WITHDRAWN
    kept = Agreement.objects.get(pk=agreement.pk)
    assert kept.student == student and kept.rent == agreement.rent
    assert "이학생" not in str(kept.student)
    assert not Student.objects.filter(user=world["people"]["matched student"]).exists()
    del proof  # the file itself is removed once the erasure commits (see the transactional test)


@pytest.mark.django_db(transaction=True)
def test_erasure_deletes_the_enrolment_proof_file(private_files):
    student = StudentFactory()
    name = student.enrolment_proof.name
    assert private_files.exists(name)
    erase_personal_data(student.user)
    assert not private_files.exists(name)


def test_an_erased_hosts_rooms_leave_the_listing():
    agreement = AgreementFactory(status=Agreement.Status.ENDED, end_reason="끝", end=timezone.localdate())
    host = agreement.host
    erase_personal_data(host.user)
    assert not Room.objects.listed().filter(host=host).exists()
    assert Host.objects.get(pk=host.pk).address == ""


def test_a_non_staff_citizen_cannot_open_the_dashboard(client):
    client.force_login(UserFactory())
    assert client.get(reverse("roomshare:dashboard")).status_code == 403


@pytest.mark.parametrize(("person", "sees"), STAFF_SEES.items())
def test_the_applications_endpoint_gives_personal_data_only_to_the_districts_coordinator(client, world, person, sees):
    ApplicationFactory(room=world["agreement"].room, student=world["student"], status="agreed")
    status, body = visible(client, world["people"][person], "/api/v1/roomshare/applications/")
    if person.startswith("coordinator"):
        assert status == 200
        assert (world["student"].phone in body) is sees
    else:
        assert status in (401, 403) and world["student"].phone not in body
