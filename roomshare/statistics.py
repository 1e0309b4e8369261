"""Programme figures by district (the UK Homeshare quality-framework measures), for the dashboard and the API."""

from datetime import timedelta

from django.db.models import Avg, Count, Min, OuterRef, Q, Subquery
from django.db.models.functions import TruncMonth
from django.utils import timezone

from roomshare.models import Agreement, Application, Host, Student, Verification, add_months, rent_cap
from sharingcity.models import District

MATCH_WINDOW = timedelta(days=122)  # four months
SMALL = 5


def _pct(part, whole):
    return round(100 * part / whole) if whole else None


def district_figures(districts=None, today=None):
    """One row per district with activity (restricted to `districts` when given), and the city total."""
    today = today or timezone.localdate()
    scope = Q() if districts is None else Q(district__in=districts)
    rows = {}

    def row(district_id):
        return rows.setdefault(
            district_id,
            {
                "homes": 0,
                "active": 0,
                "rent_total": 0,
                "applicants": 0,
                "matched": 0,
                "started": 0,
                "lasted": 0,
                "months": {},
            },
        )

    for item in (
        Host.objects.filter(scope, verification=Verification.VERIFIED, erased_at__isnull=True)
        .values("district")
        .annotate(n=Count("id"))
    ):
        row(item["district"])["homes"] = item["n"]

    agreement_scope = Q() if districts is None else Q(room__host__district__in=districts)
    for item in (
        Agreement.objects.current(today)
        .filter(agreement_scope)
        .values("room__host__district")
        .annotate(n=Count("id"), avg=Avg("rent"))
    ):
        r = row(item["room__host__district"])
        r["active"], r["avg_rent"] = item["n"], round(item["avg"])

    first_terms = Agreement.objects.filter(agreement_scope, previous__isnull=True).exclude(
        status=Agreement.Status.PROPOSED
    )
    six_months_ago = add_months(today, -6)
    for item in first_terms.values("room__host__district").annotate(
        started=Count("id", filter=Q(start__lte=six_months_ago)),
        lasted=Count("id", filter=Q(start__lte=six_months_ago, status=Agreement.Status.ACTIVE)),
    ):
        r = row(item["room__host__district"])
        r["started"], r["lasted"] = item["started"], item["lasted"]

    # Applicants whose first application is at least four months old: were they matched within four months?
    first_application = Application.objects.filter(student=OuterRef("pk")).order_by("created_at")
    applicants = (
        Student.objects.annotate(
            first_applied=Min("applications__created_at"),
            first_matched=Min("agreements__created_at"),
            district=Subquery(first_application.values("room__host__district")[:1]),
        )
        .filter(first_applied__lte=timezone.now() - MATCH_WINDOW)
        .values("district", "first_applied", "first_matched")
    )
    for item in applicants:
        if districts is not None and item["district"] not in districts:
            continue
        r = row(item["district"])
        r["applicants"] += 1
        if item["first_matched"] and item["first_matched"] - item["first_applied"] <= MATCH_WINDOW:
            r["matched"] += 1

    names = {d.pk: d for d in District.objects.filter(pk__in=rows)}
    result = []
    for district_id, r in sorted(rows.items(), key=lambda kv: names[kv[0]].name_en if kv[0] in names else ""):
        if district_id not in names:
            continue
        result.append(_finish(names[district_id], r))
    total = _total(rows.values())
    return result, total


def _finish(district, r):
    return {
        "district": district,
        "homes": r["homes"],
        "active_agreements": r["active"],
        "people_sharing": 2 * r["active"],
        "average_rent": r.get("avg_rent"),
        "applicants": r["applicants"],
        "matched_within_4_months_pct": _pct(r["matched"], r["applicants"]),
        "agreements_started_6_months_ago": r["started"],
        "lasting_over_6_months_pct": _pct(r["lasted"], r["started"]),
    }


def _total(rows):
    rows = list(rows)
    active = sum(r["active"] for r in rows)
    rent_sum = sum(r.get("avg_rent", 0) * r["active"] for r in rows)
    applicants = sum(r["applicants"] for r in rows)
    started = sum(r["started"] for r in rows)
    return {
        "homes": sum(r["homes"] for r in rows),
        "active_agreements": active,
        "people_sharing": 2 * active,
        "average_rent": round(rent_sum / active) if active else None,
        "rent_cap": rent_cap(),
        "applicants": applicants,
        "matched_within_4_months_pct": _pct(sum(r["matched"] for r in rows), applicants),
        "agreements_started_6_months_ago": started,
        "lasting_over_6_months_pct": _pct(sum(r["lasted"] for r in rows), started),
    }


def matches_per_month(districts=None, months=12):
    """New matches (first terms, renewals left out) per month over the last year."""
    since = add_months(timezone.localdate().replace(day=1), -(months - 1))
    queryset = Agreement.objects.filter(previous__isnull=True, start__gte=since)
    if districts is not None:
        queryset = queryset.filter(room__host__district__in=districts)
    return list(
        queryset.annotate(month=TruncMonth("start")).values("month").annotate(matches=Count("id")).order_by("month")
    )


def masked(value):
    """Public figures hide small counts that could point to a person."""
    if isinstance(value, int) and 0 < value < SMALL:
        return "<5"
    return value


def public_rows():
    rows, total = district_figures()
    public = []
    for r in rows:
        small_cohort = r["applicants"] < SMALL
        public.append(
            {
                "district": r["district"].slug,
                "district_name": r["district"].name,
                "district_name_en": r["district"].name_en,
                "homes": masked(r["homes"]),
                "active_agreements": masked(r["active_agreements"]),
                "people_sharing": masked(r["people_sharing"]),
                "average_rent": r["average_rent"] if r["active_agreements"] >= SMALL else None,
                "matched_within_4_months_pct": None if small_cohort else r["matched_within_4_months_pct"],
                "lasting_over_6_months_pct": (
                    None if r["agreements_started_6_months_ago"] < SMALL else r["lasting_over_6_months_pct"]
                ),
            }
        )
    return public, total
