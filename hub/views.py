"""Public pages of the Sharing Hub: services, organisations, news, and proposals."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from hub.filters import OrganisationFilter, ServiceFilter
from hub.forms import OrganisationProposalForm, ServiceProposalForm
from hub.models import Article, Organisation, ReviewStatus, Service
from hub.structured_data import service_json_ld
from sharingcity.nearby import NearForm

PAGE_SIZE = 20
# A search counts its results up to this many; a broader one says "more than" and lists that many.
SEARCH_COUNT_LIMIT = 500


def paginate(request, queryset, per_page=PAGE_SIZE):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


class CountUpToPaginator(Paginator):
    """Counts at most `limit` results (SELECT count(*) over a LIMIT): a broad search costs the same at
    10,000 services as at 100,000, instead of visiting every match to count it."""

    def __init__(self, object_list, per_page, limit):
        super().__init__(object_list, per_page)
        self.limit = limit

    @cached_property
    def count(self):
        found = self.object_list.order_by()[: self.limit + 1].count()
        self.more = found > self.limit
        return min(found, self.limit)


def service_list(request):
    filterset = ServiceFilter(request.GET, queryset=Service.objects.published().for_list())
    near = NearForm(request.GET)
    valid = filterset.is_valid() and near.is_valid()
    results = near.apply(filterset.qs, prefix="organisation__") if valid else Service.objects.none()
    context = {"filter": filterset, "near": near}
    if not (valid and filterset.form.cleaned_data.get("q")):
        return render(request, "hub/service_list.html", {**context, "page": paginate(request, results)})
    paginator = CountUpToPaginator(results, PAGE_SIZE, SEARCH_COUNT_LIMIT)
    chosen_order = filterset.form.cleaned_data.get("ordering") or near.point
    if paginator.count == SEARCH_COUNT_LIMIT and paginator.more and not chosen_order:
        # Too many matches to rank them all: in title order, which the title index serves page by page.
        paginator.object_list = results.order_by("title", "pk")
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "hub/service_list.html", {**context, "page": page, "more": paginator.more})


def service_detail(request, slug):
    service = get_object_or_404(Service.objects.published().for_list().prefetch_related("opening_hours"), slug=slug)
    return render(
        request, "hub/service_detail.html", {"service": service, "json_ld": service_json_ld(request, service)}
    )


def organisation_list(request):
    base = Organisation.objects.published().select_related("district").prefetch_related("photos")
    base = base.annotate(service_count=Count("services", filter=Q(services__status=ReviewStatus.PUBLISHED))).order_by(
        "name"
    )
    filterset = OrganisationFilter(request.GET, queryset=base)
    page = paginate(request, filterset.qs if filterset.is_valid() else base.none())
    return render(request, "hub/organisation_list.html", {"filter": filterset, "page": page})


def organisation_detail(request, slug):
    organisation = get_object_or_404(Organisation.objects.published().select_related("district"), slug=slug)
    services = organisation.services.filter(status=ReviewStatus.PUBLISHED).prefetch_related("districts")
    return render(request, "hub/organisation_detail.html", {"organisation": organisation, "services": services})


def article_list(request):
    articles = Article.objects.published()
    tag = request.GET.get("tag", "").strip()
    if tag:
        articles = articles.filter(tags__contains=[tag])
    return render(request, "hub/article_list.html", {"page": paginate(request, articles, 10), "tag": tag})


def article_detail(request, slug):
    article = get_object_or_404(Article.objects.published().select_related("author"), slug=slug)
    return render(request, "hub/article_detail.html", {"article": article})


@login_required
def propose_organisation(request):
    form = OrganisationProposalForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            organisation = form.save(commit=False)
            organisation.status = ReviewStatus.PENDING
            organisation.submitted_by = request.user
            organisation.save()
            organisation.members.add(request.user)
        messages.success(request, _("Thank you. The organisation will be listed once a hub editor approves it."))
        return redirect("my-page")
    return render(request, "hub/propose.html", {"form": form, "title": _("Propose an organisation")})


@login_required
def propose_service(request):
    form = ServiceProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            service = form.save(commit=False)
            service.status = ReviewStatus.PENDING
            service.submitted_by = request.user
            service.save()
            form.save_m2m()
        messages.success(request, _("Thank you. The service will be listed once a hub editor approves it."))
        return redirect("my-page")
    return render(request, "hub/propose.html", {"form": form, "title": _("Propose a sharing service")})
