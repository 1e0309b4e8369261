"""Matching suggestions: rooms for a student and students for a room, each with the reasons why.

Hard criteria exclude (rent over budget, smoking in a non-smoking home, the host's wish about the
student's gender); soft ones add points (preferred district, room free by the move-in date, no pets
for a student with an allergy). Each suggestion lists the criteria met and missed.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from roomshare.models import Application, GenderPreference, Room, Student, Verification

WEIGHTS = {"district": 3, "move_in": 2, "pets": 1}


@dataclass
class Suggestion:
    room: Room
    student: Student
    score: int = 0
    met: list = field(default_factory=list)
    missed: list = field(default_factory=list)


def evaluate(student, room, preferred_district_ids=None):
    """The suggestion for this pair, or None when a hard criterion excludes it."""
    host = room.host
    if room.rent > student.budget:
        return None
    if student.smokes and not host.smoking_allowed:
        return None
    if host.preferred_gender not in (GenderPreference.ANY, student.gender):
        return None
    suggestion = Suggestion(room=room, student=student, met=[_("Rent within the budget")])
    if student.smokes:
        suggestion.met.append(_("Smoking is allowed in the home"))
    if host.preferred_gender != GenderPreference.ANY:
        suggestion.met.append(_("The host welcomes this gender"))
    if preferred_district_ids is None:
        preferred_district_ids = {d.pk for d in student.preferred_districts.all()}
    in_district = host.district_id in preferred_district_ids
    free_in_time = room.available_from <= student.move_in
    no_pet_problem = not (student.pet_allergy and host.has_pets)
    criteria = [
        ("district", in_district, _("In a preferred district"), _("Not in a preferred district")),
        ("move_in", free_in_time, _("Free by the move-in date"), _("Free only after the move-in date")),
        ("pets", no_pet_problem, _("No pet problem"), _("Pets in the home and the student is allergic")),
    ]
    for key, ok, met, missed in criteria:
        if ok:
            suggestion.score += WEIGHTS[key]
            suggestion.met.append(met)
        else:
            suggestion.missed.append(missed)
    return suggestion


def _ranked(suggestions, limit):
    suggestions = [s for s in suggestions if s is not None]
    suggestions.sort(key=lambda s: (-s.score, s.room.rent, s.room.pk, s.student.pk))
    return suggestions[:limit]


def rooms_for(student, limit=10):
    """Listed rooms ranked for a student (rooms they already applied for are left out)."""
    preferred = {d.pk for d in student.preferred_districts.all()}
    applied = Application.objects.active().filter(student=student).values("room")
    rooms = Room.objects.listed().filter(rent__lte=student.budget).exclude(pk__in=applied).select_related("host")
    return _ranked((evaluate(student, room, preferred) for room in rooms[:500]), limit)


def students_for(room, limit=10):
    """Verified students looking for a room, ranked for this room."""
    students = (
        Student.objects.filter(verification=Verification.VERIFIED, erased_at__isnull=True, budget__gte=room.rent)
        .exclude(agreements__status__in=["proposed", "active"])
        .select_related("user")
        .prefetch_related("preferred_districts")
    )
    return _ranked((evaluate(student, room) for student in students[:500]), limit)
