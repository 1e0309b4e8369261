"""What a booking of a paid room costs and owes: the price by category, the payment deadline once it is
confirmed, and what a cancellation gives back under the facility's refund policy. Pure rules on the
reservation; the services save them in their own transactions."""

from datetime import timedelta

from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from facilities.models import PaymentStatus, PriceCategory, ProofStatus, Reservation


def discount_for(facility, category) -> int:
    if category == PriceCategory.STANDARD:
        return 0
    rate = next((rate for rate in facility.rates.all() if rate.category == category), None)
    if rate is None:
        raise ValidationError(
            {"price_category": _("This facility has no discounted rate for that category.")}, code="no_rate"
        )
    return rate.discount_percent


def price_fields(facility, start, end, category=PriceCategory.STANDARD) -> dict:
    """The price snapshot with its category: a discount waits for staff to check the proof."""
    discount = discount_for(facility, category)
    price = facility.price_of(start, end, discount)
    return {
        **price,
        "price_category": category,
        "discount_percent": discount,
        "proof_status": ProofStatus.NOT_NEEDED if category == PriceCategory.STANDARD else ProofStatus.TO_CHECK,
        "payment_status": PaymentStatus.UNPAID if price["total_price"] else PaymentStatus.NOT_DUE,
    }


def rate_choices(facility):
    """The categories a citizen may book at, each with its price per hour ("standard" first)."""
    choices = [(PriceCategory.STANDARD, _("%(label)s: %(price)s KRW per hour") % _priced(facility, None))]
    for rate in facility.rates.all():
        choices.append(
            (rate.category, _("%(label)s: %(price)s KRW per hour (−%(discount)d%%)") % _priced(facility, rate))
        )
    return choices


def _priced(facility, rate):
    discount = rate.discount_percent if rate else 0
    label = rate.get_category_display() if rate else PriceCategory.STANDARD.label
    price = facility.fee_per_hour * (100 - discount) // 100
    return {"label": label, "price": intcomma(price), "discount": discount}


def start_payment_clock(reservation, now) -> list[str]:
    """A confirmed booking of a paid room is to be paid within the facility's days, and before it starts."""
    if (
        reservation.status == Reservation.Status.CONFIRMED
        and reservation.payment_status == PaymentStatus.UNPAID
        and reservation.payment_due_at is None
    ):
        due = now + timedelta(days=reservation.facility.payment_days)
        reservation.payment_due_at = min(due, reservation.start)
        return ["payment_due_at"]
    return []


def settle_on_cancel(reservation, now, *, by_staff=False) -> list[str]:
    """Nothing is owed for a cancelled booking; what was paid comes back in full when staff cancel or the
    citizen cancels early enough, and in part (the facility's percentage) after that."""
    facility = reservation.facility
    if reservation.payment_status == PaymentStatus.UNPAID:
        reservation.payment_status = PaymentStatus.NOT_DUE
        return ["payment_status"]
    if reservation.payment_status != PaymentStatus.PAID:
        return []
    early = reservation.start - now >= timedelta(days=facility.full_refund_days)
    total = reservation.total_price
    reservation.refund_amount = total if by_staff or early else total * facility.partial_refund_percent // 100
    if reservation.refund_amount:
        reservation.payment_status = PaymentStatus.REFUND_DUE
    return ["payment_status", "refund_amount"]
