"""Matching: hard criteria exclude, soft ones rank, and every suggestion says why."""

from datetime import timedelta

import pytest
from django.utils import timezone

from roomshare.matching import evaluate, rooms_for, students_for
from tests.factories import district
from tests.roomshare.factories import HostFactory, RoomFactory, StudentFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
TODAY = timezone.localdate()

LATE = {"available_from": TODAY + timedelta(days=60)}
ELSEWHERE, AFTER, PETS = (
    "Not in a preferred district",
    "Free only after the move-in date",
    "Pets in the home and the student is allergic",
)

# (host, room, student) differences from a perfect Nowon-gu match -> excluded?, score, criteria missed
TABLE = [
    ("perfect match", {}, {}, {}, False, 6, []),
    ("rent over budget", {}, {"rent": 300_000}, {"budget": 250_000}, True, None, None),
    ("smoker in a non-smoking home", {}, {}, {"smokes": True}, True, None, None),
    ("smoker where smoking is allowed", {"smoking_allowed": True}, {}, {"smokes": True}, False, 6, []),
    ("host wants a female student", {"preferred_gender": "female"}, {}, {"gender": "male"}, True, None, None),
    ("other district", {"district": "mapo-gu"}, {}, {}, False, 3, [ELSEWHERE]),
    ("free after the move-in date", {}, LATE, {}, False, 4, [AFTER]),
    ("pets and an allergy", {"has_pets": True}, {}, {"pet_allergy": True}, False, 5, [PETS]),
    ("pets without an allergy", {"has_pets": True}, {}, {}, False, 6, []),
    ("other district and late", {"district": "mapo-gu"}, LATE, {}, False, 1, [ELSEWHERE, AFTER]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("case", "host", "room", "student", "excluded", "score", "missed"), TABLE, ids=[t[0] for t in TABLE]
)
def test_a_pair_is_excluded_or_scored_with_its_reasons(case, host, room, student, excluded, score, missed):
    if "district" in host:
        host["district"] = district(host["district"])
    the_room = RoomFactory(host=HostFactory(**host), **room)
    the_student = StudentFactory(preferred_districts=["nowon-gu"], move_in=TODAY + timedelta(days=7), **student)
    suggestion = evaluate(the_student, the_room)
    if excluded:
        assert suggestion is None
    else:
        assert suggestion.score == score
        assert [str(reason) for reason in suggestion.missed] == missed
        assert "Rent within the budget" in [str(reason) for reason in suggestion.met]


def test_rooms_are_ranked_for_a_student_best_first_and_over_budget_rooms_left_out():
    student = StudentFactory(preferred_districts=["nowon-gu"], budget=280_000, move_in=TODAY + timedelta(days=7))
    best = RoomFactory(rent=260_000)
    cheaper_elsewhere = RoomFactory(rent=200_000, host=HostFactory(district=district("mapo-gu")))
    cheaper_same = RoomFactory(rent=240_000)
    RoomFactory(rent=290_000)  # over budget
    ranked = rooms_for(student)
    assert [s.room for s in ranked] == [cheaper_same, best, cheaper_elsewhere]


def test_students_are_ranked_for_a_room_the_same_way():
    room = RoomFactory(rent=250_000, host=HostFactory(district=district("seodaemun-gu")))
    keen = StudentFactory(preferred_districts=["seodaemun-gu"])
    elsewhere = StudentFactory(preferred_districts=["nowon-gu"])
    StudentFactory(budget=200_000, preferred_districts=["seodaemun-gu"])  # cannot afford it
    assert [s.student for s in students_for(room)] == [keen, elsewhere]
