"""The demo data's bulk loader: COPY with the models' defaults, and indexes made again after a big load."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange

from facilities.models import NO_OVERLAP, Reservation
from sharingcity.bulk import copy_rows, indexes_set_aside
from sharingcity.models import User
from tests.facilities.factories import FacilityFactory, seoul, working_day

pytestmark = pytest.mark.django_db


def booking(room, day, hour, **extra):
    period = DateTimeTZRange(seoul(day, hour), seoul(day, hour + 1))
    return {"facility_id": room.pk, "period": period, "held_period": period, "status": "blocked", **extra}


def test_copied_rows_take_the_fields_defaults_and_escape_text():
    copy_rows(
        User, [{"email": f"p{n}@example.org", "full_name": "탭\t줄\n백\\슬래시", "password": "!"} for n in range(3)]
    )
    users = User.objects.filter(email__endswith="@example.org").order_by("email")
    assert [u.full_name for u in users] == ["탭\t줄\n백\\슬래시"] * 3
    assert len({u.calendar_token for u in users}) == 3  # a callable default is called for each row
    assert all(u.is_active and not u.is_staff and u.phone == "" for u in users)


def test_after_a_load_with_the_indexes_set_aside_the_constraints_hold_again():
    room, day = FacilityFactory(), working_day()
    with indexes_set_aside(Reservation):
        assert (
            copy_rows(Reservation, [booking(room, day, 9, reason="점검"), booking(room, day, 11, reason="점검")]) == 2
        )
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_constraint WHERE conname = %s", [NO_OVERLAP])
        assert cursor.fetchone()[0] == 1
    period = DateTimeTZRange(seoul(day, 9), seoul(day, 10) + timedelta(minutes=30))
    with pytest.raises(IntegrityError), transaction.atomic():
        Reservation.objects.create(facility=room, period=period, held_period=period, status="blocked", reason="겹침")


def test_a_load_that_breaks_a_constraint_is_refused_when_the_constraint_is_made_again():
    room, day = FacilityFactory(), working_day()
    with pytest.raises(IntegrityError), transaction.atomic(), indexes_set_aside(Reservation):
        copy_rows(Reservation, [booking(room, day, 9, reason="a"), booking(room, day, 9, reason="b")])
    assert not Reservation.objects.filter(facility=room).exists()
