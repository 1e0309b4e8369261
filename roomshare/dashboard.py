"""The coordinators' programme dashboard: figures for their districts (all districts for supervisors)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import render

from roomshare.access import is_programme_staff, staff_districts
from roomshare.models import Agreement, Application
from roomshare.statistics import district_figures, matches_per_month


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
    return render(
        request,
        "roomshare/dashboard.html",
        {
            "rows": rows,
            "total": total,
            "months": matches_per_month(districts),
            "attention": attention,
            "due": due,
            "board": [(value, label, counts.get(value, 0)) for value, label in Application.Status.choices],
        },
    )
