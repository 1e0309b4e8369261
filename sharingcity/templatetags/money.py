from django import template

from sharingcity.money import krw as format_krw

register = template.Library()


@register.filter
def krw(amount):
    """{{ reservation.total_price|krw }} -> 12,000원 (Korean) or KRW 12,000 (English)."""
    return format_krw(amount)
