"""The audit log of staff decisions, written in the same transaction as the decision itself."""

from django.contrib.contenttypes.models import ContentType

from sharingcity.models import AuditEntry


def record_decision(actor, action: str, obj, reason: str = "") -> AuditEntry:
    """Note that `actor` (a user, or a partner calling the API) took `action` on `obj`."""
    user = actor if getattr(actor, "pk", None) is not None else None
    return AuditEntry.objects.create(
        actor=user,
        actor_label=str(actor)[:200] if actor is not None else "system",
        action=action,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        reason=reason,
    )
