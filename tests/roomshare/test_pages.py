"""Citizen pages: browse anonymised rooms, register, offer a room, apply, follow it and confirm the agreement."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from roomshare.models import Agreement, Application, Host, Room, Student, Verification
from tests.factories import UserFactory, district
from tests.roomshare.factories import (
    AgreementFactory,
    ApplicationFactory,
    HostFactory,
    RoomFactory,
    StudentFactory,
    pdf_upload,
    years_ago,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def png_upload(name="room.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(buffer, "PNG")
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_the_room_list_filters_by_district_rent_move_in_bathroom_and_furniture(client):
    seodaemun = HostFactory(district=district("seodaemun-gu"))
    match = RoomFactory(title="노원 개인욕실", bathroom="private", furnished=True, rent=250_000)
    RoomFactory(title="노원 공용욕실", bathroom="shared")
    RoomFactory(title="비싼 방", bathroom="private", rent=300_000)
    RoomFactory(title="늦게 비는 방", bathroom="private", available_from=TODAY + timedelta(days=90))
    RoomFactory(title="가구 없음", bathroom="private", furnished=False)
    RoomFactory(title="서대문 방", host=seodaemun, bathroom="private")
    response = client.get(
        reverse("roomshare:room-list"),
        {
            "district": "nowon-gu",
            "max_rent": 280_000,
            "move_in": (TODAY + timedelta(days=10)).isoformat(),
            "bathroom": "private",
            "furnished": "true",
        },
    )
    assert [room.pk for room in response.context["page"].object_list] == [match.pk]


def test_rooms_waiting_for_the_home_visit_or_already_taken_are_not_listed(client):
    RoomFactory(title="방문 대기", status=Room.Status.PENDING)
    taken = AgreementFactory().room
    RoomFactory(title="열린 방")
    text = client.get(reverse("roomshare:room-list")).text
    assert "열린 방" in text and "방문 대기" not in text and taken.title not in text
    assert client.get(reverse("roomshare:room-detail", args=[taken.pk])).status_code == 404


def test_a_bad_filter_shows_the_error_and_no_rooms(client):
    RoomFactory()
    response = client.get(reverse("roomshare:room-list"), {"max_rent": "lots", "move_in": "soon"})
    assert response.status_code == 200
    assert {"max_rent", "move_in"} <= set(response.context["filter"].form.errors)
    assert response.context["page"].paginator.count == 0


def test_the_room_list_and_detail_use_a_fixed_number_of_queries(client, django_assert_num_queries):
    for n in range(25):
        room = RoomFactory(host=HostFactory(district=district("nowon-gu" if n % 2 else "gwangjin-gu")))
        room.photos.create(image="roomshare/rooms/x.png", caption="방")
    with django_assert_num_queries(4):
        response = client.get(reverse("roomshare:room-list"))
    assert len(response.context["page"].object_list) == 20
    with django_assert_num_queries(2):
        client.get(reverse("roomshare:room-detail", args=[room.pk]))


def test_a_citizen_registers_as_host_and_offers_a_room_with_a_photo(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("roomshare:register-host"),
        {
            "date_of_birth": years_ago(72).isoformat(),
            "phone": "010-1234-5678",
            "district": district("nowon-gu").pk,
            "address": "노원구 공릉로 1",
            "neighbourhood": "공릉동",
            "tenure": "owner",
            "preferred_gender": "any",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    host = Host.objects.get(user=user)
    assert host.verification == Verification.PENDING
    response = client.post(
        reverse("roomshare:room-new"),
        {
            "title": "남향 방",
            "size_m2": "11.5",
            "bathroom": "shared",
            "rent": 250000,
            "deposit": 0,
            "available_from": TODAY.isoformat(),
            "minimum_term_months": 6,
            "photo": png_upload(),
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    room = host.rooms.get()
    assert room.status == Room.Status.PENDING and room.photos.count() == 1
    assert room.photos.get().alt_text == "남향 방"  # no description given: the room's title describes it


def test_a_host_describes_the_photo_for_people_who_cannot_see_it(client):
    host = HostFactory()
    client.force_login(host.user)
    response = client.post(
        reverse("roomshare:room-new"),
        {
            "title": "북향 방",
            "size_m2": "9",
            "bathroom": "shared",
            "rent": 200000,
            "deposit": 0,
            "available_from": TODAY.isoformat(),
            "minimum_term_months": 6,
            "photo": png_upload(),
            "photo_caption": "창가에 놓인 침대와 책상",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assert host.rooms.get().photos.get().caption == "창가에 놓인 침대와 책상"


def test_a_too_young_host_and_a_rent_over_the_cap_re_render_with_field_errors(client):
    client.force_login(UserFactory())
    response = client.post(
        reverse("roomshare:register-host"),
        {"date_of_birth": years_ago(40).isoformat(), "phone": "010", "district": district().pk, "address": "a",
         "neighbourhood": "b", "tenure": "owner", "preferred_gender": "any"},
    )  # fmt: skip
    assert response.status_code == 200 and "date_of_birth" in response.context["form"].errors
    assert not Host.objects.exists()
    HostFactory(user=response.wsgi_request.user)
    response = client.post(
        reverse("roomshare:room-new"),
        {"title": "t", "size_m2": 10, "bathroom": "shared", "rent": 400000, "deposit": 0,
         "available_from": TODAY.isoformat(), "minimum_term_months": 6},
    )  # fmt: skip
    assert response.status_code == 200 and "rent" in response.context["form"].errors
    assert not Room.objects.exists()


def test_a_photo_that_is_not_an_image_is_refused(client):
    HostFactory(user=(user := UserFactory()))
    client.force_login(user)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("roomshare:room-new"),
        {"title": "t", "size_m2": 10, "bathroom": "shared", "rent": 200000, "deposit": 0,
         "available_from": TODAY.isoformat(), "minimum_term_months": 6,
         "photo": SimpleUploadedFile("room.png", b"%PDF-1.4 not an image", content_type="image/png")},
    )  # fmt: skip
    assert response.status_code == 200 and "photo" in response.context["form"].errors


def test_a_citizen_registers_as_student_with_a_proof_of_enrolment(client):
    user = UserFactory()
    client.force_login(user)
    data = {
        "university": "서울과학기술대학교",
        "enrolment": "enrolled",
        "date_of_birth": "2004-05-01",
        "phone": "010-2222-3333",
        "gender": "female",
        "budget": 300000,
        "preferred_districts": [district("nowon-gu").pk],
        "move_in": TODAY.isoformat(),
        "introduction": "안녕하세요",
    }
    response = client.post(reverse("roomshare:register-student"), data)
    assert response.status_code == 200 and "enrolment_proof" in response.context["form"].errors
    response = client.post(
        reverse("roomshare:register-student"), {**data, "enrolment_proof": pdf_upload("p.exe", b"MZ")}
    )
    assert response.status_code == 200 and "enrolment_proof" in response.context["form"].errors
    response = client.post(reverse("roomshare:register-student"), {**data, "enrolment_proof": pdf_upload()})
    assert response.status_code == 302
    student = Student.objects.get(user=user)
    assert student.enrolment_proof.name.startswith("roomshare/proofs/")
    assert not student.enrolment_proof.name.endswith("proof.pdf")  # stored under a random name


def test_a_verified_student_applies_from_the_room_page_and_follows_it_on_my_page(client):
    student, room = StudentFactory(), RoomFactory(title="공릉동 햇살방")
    client.force_login(student.user)
    response = client.post(reverse("roomshare:room-detail", args=[room.pk]), {"message": "방을 보고 싶어요"})
    assert response.status_code == 302
    assert Application.objects.get(student=student).status == Application.Status.SUBMITTED
    assert "공릉동 햇살방" in client.get(reverse("my-page")).text
    assert "공릉동 햇살방" in client.get(reverse("roomshare:mine")).text


def test_an_empty_application_message_re_renders_with_an_error(client):
    student, room = StudentFactory(), RoomFactory()
    client.force_login(student.user)
    response = client.post(reverse("roomshare:room-detail", args=[room.pk]), {"message": ""})
    assert response.status_code == 200 and "message" in response.context["form"].errors
    assert not Application.objects.exists()


def test_a_citizen_who_is_not_a_student_cannot_apply(client):
    client.force_login(UserFactory())
    room = RoomFactory()
    assert client.post(reverse("roomshare:room-detail", args=[room.pk]), {"message": "hi"}).status_code == 403


def test_a_student_withdraws_an_application_with_a_reason(client):
    application = ApplicationFactory()
    client.force_login(application.student.user)
    url = reverse("roomshare:withdraw", args=[application.pk])
    assert client.post(url, {"reason": ""}).status_code == 200
    assert client.post(url, {"reason": "다른 방을 구했어요"}).status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN


def test_both_confirm_the_agreement_on_its_page_and_only_then_see_each_others_contacts(client):
    agreement = AgreementFactory(status=Agreement.Status.PROPOSED, host_confirmed_at=None, student_confirmed_at=None)
    host, student = agreement.host, agreement.student
    client.force_login(student.user)
    page = client.get(reverse("roomshare:agreement-detail", args=[agreement.pk])).text
    assert host.address not in page and host.phone not in page and host.user.full_name not in page
    client.post(reverse("roomshare:agreement-confirm", args=[agreement.pk]))
    assert host.address not in client.get(reverse("roomshare:agreement-detail", args=[agreement.pk])).text
    client.force_login(host.user)
    client.post(reverse("roomshare:agreement-confirm", args=[agreement.pk]))
    page = client.get(reverse("roomshare:agreement-detail", args=[agreement.pk])).text
    assert student.user.full_name in page and student.phone in page
    client.force_login(student.user)
    page = client.get(reverse("roomshare:agreement-detail", args=[agreement.pk])).text
    assert host.address in page and host.phone in page and host.user.full_name in page


def test_my_room_sharing_page_uses_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    student = StudentFactory()
    for _ in range(12):
        ApplicationFactory(student=student)
        RoomFactory()
    client.force_login(student.user)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("roomshare:mine"))
    assert len(response.context["applications"]) == 12
    with django_assert_max_num_queries(30):
        client.get(reverse("my-page"))


def test_the_home_page_card_shows_live_figures(client):
    RoomFactory()
    RoomFactory()
    AgreementFactory()
    card = next(c for c in client.get(reverse("home")).context["cards"] if c["key"] == "roomshare")
    figures = {str(label): value for label, value in card["figures"]}
    assert list(figures.values()) == [2, 2, 1]


def test_the_personal_calendar_lists_the_meeting(client):
    application = ApplicationFactory(
        status=Application.Status.MEETING,
        meeting_at=timezone.now() + timedelta(days=2),
        meeting_place="공릉동 주민센터",
    )
    user = application.student.user
    response = client.get(reverse("calendar-feed", args=[user.calendar_token]))
    assert "공릉동 주민센터" in response.content.decode()


def test_a_party_reports_an_incident_that_flags_the_arrangement_and_tells_the_coordinator(client, mailoutbox, deliver):
    from roomshare.models import CheckIn
    from tests.roomshare.factories import coordinator

    nowon = coordinator("nowon-gu")
    coordinator("seodaemun-gu")
    agreement = AgreementFactory()
    client.force_login(agreement.student.user)
    url = reverse("roomshare:agreement-detail", args=[agreement.pk])
    assert client.post(url, {"issues": ""}).status_code == 200
    assert client.post(url, {"issues": "난방을 너무 낮게 틀어요"}).status_code == 302
    deliver()
    assert Agreement.objects.get(pk=agreement.pk).needs_attention
    assert CheckIn.objects.get(agreement=agreement).kind == CheckIn.Kind.INCIDENT
    assert [mail.to for mail in mailoutbox] == [[nowon.email]]


def test_someone_outside_the_agreement_cannot_report_on_it(client):
    agreement = AgreementFactory()
    client.force_login(UserFactory())
    assert client.post(reverse("roomshare:agreement-detail", args=[agreement.pk]), {"issues": "x"}).status_code == 404
