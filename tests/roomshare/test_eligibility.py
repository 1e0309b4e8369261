"""Who may take part: hosts aged 60 and over, students with a proof of enrolment, rents within the cap."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from roomshare import services
from roomshare.models import Host, Room, Student, Verification
from tests.factories import UserFactory, district
from tests.roomshare.factories import (
    HostFactory,
    RoomFactory,
    StudentFactory,
    coordinator,
    pdf_upload,
    years_ago,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def new_host(**fields):
    values = dict(
        date_of_birth=years_ago(60), district=district("nowon-gu"), neighbourhood="공릉동", address="공릉로 1"
    )
    values.update(fields)
    return Host(**values)


def test_a_person_who_turned_sixty_can_register_as_host():
    host = services.register_host(UserFactory(), new_host(date_of_birth=years_ago(60)))
    assert host.pk and host.verification == Verification.PENDING


def test_a_person_a_day_short_of_sixty_cannot_register_as_host():
    today = timezone.localdate()
    born = today.replace(year=today.year - 60) + timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        services.register_host(UserFactory(), new_host(date_of_birth=born))
    assert "60" in str(error.value.message_dict["date_of_birth"])
    assert not Host.objects.exists()


def test_a_person_registers_as_host_only_once():
    user = UserFactory()
    services.register_host(user, new_host())
    with pytest.raises(ValidationError):
        services.register_host(user, new_host())


def test_a_student_without_a_proof_of_enrolment_cannot_register():
    student = Student(
        university="서울대학교",
        gender="male",
        budget=250_000,
        move_in=timezone.localdate(),
        introduction="안녕하세요",
        date_of_birth=years_ago(21),
    )
    with pytest.raises(ValidationError) as error:
        services.register_student(UserFactory(), student, [district("nowon-gu")])
    assert "enrolment_proof" in error.value.message_dict


def test_a_student_with_a_proof_registers_and_waits_for_verification():
    student = Student(
        university="서울대학교", gender="male", budget=250_000, move_in=timezone.localdate(), introduction="안녕하세요",
        date_of_birth=years_ago(21), enrolment_proof=pdf_upload(),
    )  # fmt: skip
    student = services.register_student(UserFactory(), student, [district("nowon-gu")])
    assert student.verification == Verification.PENDING
    assert list(student.preferred_districts.values_list("slug", flat=True)) == ["nowon-gu"]


def test_a_proof_that_is_not_a_pdf_jpeg_or_png_is_refused():
    student = StudentFactory.build(user=UserFactory(), enrolment_proof=pdf_upload("proof.pdf", b"MZ\x90\x00 not a pdf"))
    with pytest.raises(ValidationError) as error:
        services.register_student(student.user, student, [])
    assert "enrolment_proof" in error.value.message_dict


def test_a_proof_over_five_megabytes_is_refused():
    big = pdf_upload("big.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024))
    student = StudentFactory.build(user=UserFactory(), enrolment_proof=big)
    with pytest.raises(ValidationError) as error:
        services.register_student(student.user, student, [])
    assert "5 MB" in str(error.value.message_dict["enrolment_proof"])


@pytest.mark.parametrize(("rent", "accepted"), [(300_000, True), (300_001, False)])
def test_a_room_rent_must_stay_within_the_programme_cap(rent, accepted):
    host = HostFactory()
    room = Room(title="방", size_m2=9, rent=rent, available_from=timezone.localdate())
    if accepted:
        assert services.offer_room(host, room).status == Room.Status.PENDING
    else:
        with pytest.raises(ValidationError) as error:
            services.offer_room(host, room)
        assert "300,000" in str(error.value.message_dict["rent"])


def test_the_rent_cap_is_a_programme_setting(settings):
    settings.ROOMSHARE_RENT_CAP = 280_000
    with pytest.raises(ValidationError):
        services.offer_room(
            HostFactory(), Room(title="방", size_m2=9, rent=290_000, available_from=timezone.localdate())
        )


def test_a_room_is_published_only_after_a_home_visit_with_every_check_passed():
    nowon = coordinator("nowon-gu")
    room = RoomFactory(status=Room.Status.PENDING, visited_on=None, door_lock=False)
    with pytest.raises(ValidationError):
        services.publish_room(room, nowon)
    services.record_home_visit(
        room,
        nowon,
        timezone.localdate(),
        smoke_alarm=True,
        door_lock=False,
        fire_extinguisher=True,
        safe_heating=True,
        window=True,
    )
    with pytest.raises(ValidationError):
        services.publish_room(room, nowon)
    services.record_home_visit(
        room,
        nowon,
        timezone.localdate(),
        smoke_alarm=True,
        door_lock=True,
        fire_extinguisher=True,
        safe_heating=True,
        window=True,
    )
    services.publish_room(room, nowon)
    assert Room.objects.listed().filter(pk=room.pk).exists()


def test_the_database_refuses_a_published_room_without_a_home_visit():
    with pytest.raises(IntegrityError):
        RoomFactory(status=Room.Status.PUBLISHED, smoke_alarm=False)


def test_a_room_of_an_unverified_host_is_not_published():
    nowon = coordinator("nowon-gu")
    room = RoomFactory(status=Room.Status.PENDING, host=HostFactory(verification=Verification.PENDING))
    with pytest.raises(ValidationError):
        services.publish_room(room, nowon)
    services.verify_host(room.host, nowon)
    services.publish_room(room, nowon)
    room.refresh_from_db()
    assert room.status == Room.Status.PUBLISHED


def test_a_coordinator_verifies_only_people_of_their_own_districts():
    host = HostFactory(verification=Verification.PENDING, district=district("nowon-gu"))
    with pytest.raises(ValidationError):
        services.verify_host(host, coordinator("seodaemun-gu"))
    student = StudentFactory(verification=Verification.PENDING, preferred_districts=["nowon-gu"])
    with pytest.raises(ValidationError):
        services.verify_student(student, coordinator("seodaemun-gu"))
    services.verify_student(student, coordinator("nowon-gu"))
    assert Student.objects.get(pk=student.pk).is_verified


def test_a_citizen_without_the_coordinator_role_verifies_nobody():
    host = HostFactory(verification=Verification.PENDING)
    with pytest.raises(ValidationError):
        services.verify_host(host, UserFactory())


def test_verification_decisions_are_written_to_the_audit_log():
    from sharingcity.models import AuditEntry

    nowon = coordinator("nowon-gu")
    host = HostFactory(verification=Verification.PENDING)
    services.reject_host(host, nowon, "주민등록상 주소와 다릅니다.")
    entry = AuditEntry.objects.get(object_id=str(host.pk))
    assert entry.actor == nowon and entry.action == "not accepted" and "주소" in entry.reason


def test_not_accepting_a_person_needs_a_reason():
    with pytest.raises(ValidationError):
        services.reject_host(HostFactory(verification=Verification.PENDING), coordinator("nowon-gu"), " ")
