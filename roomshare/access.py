"""Who may see whose personal data: coordinators their districts, supervisors everything; every look is logged."""

from roomshare.models import PersonalDataView
from sharingcity.roles import ROOMSHARE_COORDINATOR, ROOMSHARE_SUPERVISOR


def is_coordinator(user) -> bool:
    return bool(user and user.is_authenticated and getattr(user, "pk", None) and user.in_role(ROOMSHARE_COORDINATOR))


def is_supervisor(user) -> bool:
    return bool(user and user.is_authenticated and getattr(user, "pk", None) and user.in_role(ROOMSHARE_SUPERVISOR))


def is_programme_staff(user) -> bool:
    return is_coordinator(user) or is_supervisor(user)


def staff_districts(user):
    """The districts whose personal data `user` may see: None means all, an empty list none."""
    if not (user and user.is_authenticated and getattr(user, "pk", None)):
        return []
    if user.is_active and user.is_superuser:
        return None
    if is_supervisor(user):
        return None
    if is_coordinator(user):
        return list(user.districts.values_list("pk", flat=True))
    return []


def can_see_district(user, district) -> bool:
    districts = staff_districts(user)
    return districts is None or getattr(district, "pk", district) in districts


def log_personal_data_view(user, record, what: str) -> PersonalDataView:
    return PersonalDataView.objects.create(
        viewer=user,
        viewer_label=str(user)[:200],
        record_type=record._meta.model_name,
        record_id=str(record.pk),
        record_label=str(record)[:200],
        what=what[:100],
    )
