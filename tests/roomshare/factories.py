"""Factories for room sharing: verified people and published rooms unless a test says otherwise."""

from datetime import date, timedelta

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from roomshare.models import (
    Agreement,
    Application,
    Host,
    Room,
    Student,
    Verification,
    add_months,
)
from sharingcity.roles import ROOMSHARE_COORDINATOR, ROOMSHARE_SUPERVISOR
from tests.factories import UserFactory, district

PDF = b"%PDF-1.4\n% enrolment certificate\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def pdf_upload(name="proof.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def years_ago(years, today=None):
    today = today or timezone.localdate()
    return today.replace(year=today.year - years) - timedelta(days=1)


def coordinator(*slugs, **kwargs):
    user = UserFactory(role=ROOMSHARE_COORDINATOR, **kwargs)
    user.districts.set([district(slug) for slug in slugs])
    return user


def supervisor(**kwargs):
    return UserFactory(role=ROOMSHARE_SUPERVISOR, **kwargs)


class HostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Host

    user = factory.SubFactory(UserFactory, full_name=factory.Sequence(lambda n: f"김어르신{n}"))
    date_of_birth = factory.LazyFunction(lambda: years_ago(70))
    phone = factory.Sequence(lambda n: f"010-7000-{n:04d}")
    district = factory.LazyFunction(lambda: district("nowon-gu"))
    address = factory.Sequence(lambda n: f"서울 노원구 공릉로 {n}길 7, 101호")
    neighbourhood = "공릉동"
    help_wanted = "저녁 식사를 함께하고 장보기를 도와주면 좋겠어요."
    house_rules = "밤 11시 이후에는 조용히 해 주세요."
    verification = Verification.VERIFIED


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    host = factory.SubFactory(HostFactory)
    title = factory.Sequence(lambda n: f"햇살 드는 방 {n}")
    size_m2 = 10
    furnished = True
    bathroom = Room.Bathroom.SHARED
    rent = 250_000
    available_from = factory.LazyFunction(lambda: timezone.localdate())
    status = Room.Status.PUBLISHED
    visited_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=7))
    smoke_alarm = door_lock = fire_extinguisher = safe_heating = window = True


class StudentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Student
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory, full_name=factory.Sequence(lambda n: f"이학생{n}"))
    university = "서울과학기술대학교"
    enrolment_proof = factory.LazyFunction(lambda: pdf_upload())
    date_of_birth = date(2004, 3, 1)
    phone = factory.Sequence(lambda n: f"010-3000-{n:04d}")
    gender = "female"
    budget = 300_000
    move_in = factory.LazyFunction(lambda: timezone.localdate())
    introduction = "조용하고 요리를 좋아하는 학생입니다."
    verification = Verification.VERIFIED

    @factory.post_generation
    def preferred_districts(self, create, extracted, **kwargs):
        if create:
            self.preferred_districts.set(
                [district(slug) for slug in extracted] if extracted is not None else [district("nowon-gu")]
            )


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    student = factory.SubFactory(StudentFactory)
    room = factory.SubFactory(RoomFactory)
    message = "방을 보고 싶어요."


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    room = factory.SubFactory(RoomFactory)
    host = factory.LazyAttribute(lambda o: o.room.host)
    student = factory.SubFactory(StudentFactory)
    start = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=40))
    end = factory.LazyAttribute(lambda o: add_months(o.start, 6))
    rent = 250_000
    status = Agreement.Status.ACTIVE
    host_confirmed_at = factory.LazyFunction(timezone.now)
    student_confirmed_at = factory.LazyFunction(timezone.now)
