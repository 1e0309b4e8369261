"""The coordinators' programme dashboard: figures for their districts (all districts for supervisors)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from roomshare.access import is_programme_staff, staff_districts
from roomshare.models import Agreement, Application
from roomshare.statistics import district_figures, matches_per_month
from sharingcity.charts import Chart, Series, monthly


@login_required
def dashboard(request):
    if not (is_programme_staff(request.user) or request.user.is_superuser):
        raise PermissionDenied
    districts = staff_districts(request.user)
    rows, total = district_figures(districts)
    attention = Agreement.objects.in_districts(districts).filter(needs_attention=True).for_list()[:50]
    due = Agreement.objects.in_districts(districts).checkins_due().select_related("room__host__district")
    due = due.order_by("last_checkin", "start")[:50]
    board = Application.objects.in_districts(districts).values("status").order_by("status").annotate(count=Count("id"))
    counts = {item["status"]: item["count"] for item in board}
    months = matches_per_month(districts)
    return render(
        request,
        "roomshare/dashboard.html",
        {
            "rows": rows,
            "total": total,
            "months": months,
            "months_chart": monthly(
                title=_("Matches per month"),
                name=_("New matches"),
                counts={item["month"]: item["matches"] for item in months},
            ),
            "matched_chart": matched_chart(rows),
            "attention": attention,
            "due": due,
            "board": [(value, label, counts.get(value, 0)) for value, label in Application.Status.choices],
        },
    )


def matched_chart(rows):
    """Of each district's applicants, the share matched within four months of applying."""
    return Chart(
        title=_("Applicants matched within 4 months, by district"),
        heading=_("District"),
        labels=[row["district"].display_name for row in rows],
        series=[Series(_("Matched within 4 months"), [row["matched_within_4_months_pct"] for row in rows])],
        percent=True,
        kind="horizontal",
    )
