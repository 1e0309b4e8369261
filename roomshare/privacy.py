"""A citizen's rights over their data: download everything the programme holds, and erase it.

Erasure keeps the history of agreements (dates, rent, district) for the programme's figures, but cuts
every link to the person: the account, name, phone, date of birth, address, proof and free texts.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from roomshare.models import Agreement, Application, Host, Room, Student


def _date(value):
    return value.isoformat() if value else None


def export_personal_data(user) -> dict:
    """Everything the programme holds about `user`, as plain JSON-ready data."""
    data = {
        "account": {"email": user.email, "full_name": user.full_name, "phone": user.phone},
        "exported_at": timezone.now().isoformat(),
    }
    host = Host.objects.filter(user=user).select_related("district").first()
    if host:
        data["host"] = {
            "date_of_birth": _date(host.date_of_birth),
            "phone": host.phone,
            "district": host.district.slug,
            "address": host.address,
            "neighbourhood": host.neighbourhood,
            "tenure": host.tenure,
            "help_wanted": host.help_wanted,
            "preferred_gender": host.preferred_gender,
            "smoking_allowed": host.smoking_allowed,
            "has_pets": host.has_pets,
            "house_rules": host.house_rules,
            "verification": host.verification,
            "rooms": [
                {
                    "title": r.title,
                    "rent": r.rent,
                    "deposit": r.deposit,
                    "status": r.status,
                    "available_from": _date(r.available_from),
                }
                for r in host.rooms.all()
            ],
        }
    student = Student.objects.filter(user=user).prefetch_related("preferred_districts").first()
    if student:
        data["student"] = {
            "university": student.university,
            "enrolment": student.enrolment,
            "date_of_birth": _date(student.date_of_birth),
            "phone": student.phone,
            "gender": student.gender,
            "smokes": student.smokes,
            "pet_allergy": student.pet_allergy,
            "budget": student.budget,
            "preferred_districts": [d.slug for d in student.preferred_districts.all()],
            "move_in": _date(student.move_in),
            "introduction": student.introduction,
            "verification": student.verification,
            "has_enrolment_proof": bool(student.enrolment_proof),
            "applications": [
                {
                    "room": a.room_id,
                    "status": a.status,
                    "message": a.message,
                    "applied": a.created_at.isoformat(),
                    "reason": a.closed_reason,
                }
                for a in student.applications.all()
            ],
        }
    agreements = Agreement.objects.filter(host__user=user) | Agreement.objects.filter(student__user=user)
    data["agreements"] = [
        {"start": _date(a.start), "end": _date(a.end), "rent": a.rent, "deposit": a.deposit, "status": a.status,
         "help_agreed": a.help_agreed, "house_rules": a.house_rules}
        for a in agreements.distinct().order_by("start")
    ]  # fmt: skip
    return data


@transaction.atomic
def erase_personal_data(user):
    """Erase the person's room-sharing data; refused while they live in (or are about to start) an agreement."""
    holding = Agreement.objects.holding().filter(end__gt=timezone.localdate())
    if holding.filter(host__user=user).exists() or holding.filter(student__user=user).exists():
        raise ValidationError(
            _("You are in a room-sharing agreement. Ask your coordinator to end it before erasing your data.")
        )
    now = timezone.now()
    erased_reason = _("Personal data erased at the person's request.")
    host = Host.objects.select_for_update().filter(user=user).first()
    if host:
        host.rooms.exclude(status=Room.Status.WITHDRAWN).update(status=Room.Status.WITHDRAWN)
        Application.objects.active().filter(room__host=host).update(
            status=Application.Status.DECLINED, closed_reason=erased_reason
        )
        Host.objects.filter(pk=host.pk).update(
            user=None, date_of_birth=None, phone="", address="", help_wanted="", house_rules="", erased_at=now
        )
    student = Student.objects.select_for_update().filter(user=user).first()
    if student:
        Application.objects.active().filter(student=student).update(
            status=Application.Status.WITHDRAWN, closed_reason=erased_reason
        )
        student.applications.update(message="")
        proof = student.enrolment_proof.name
        if proof:
            storage = student.enrolment_proof.storage
            transaction.on_commit(lambda: storage.delete(proof))
        Student.objects.filter(pk=student.pk).update(
            user=None, date_of_birth=None, phone="", university="", introduction="", enrolment_proof="", erased_at=now
        )
    return bool(host or student)
