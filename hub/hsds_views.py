"""The HSDS 3.0 API profile at /api/hsds/: read-only open data, paginated as the profile says (page,
per_page; total_items, total_pages, page_number, size, first_page, last_page, empty, contents).
Each list and record takes a fixed number of queries."""

from datetime import date, datetime, time

from django.http import JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from hub import hsds
from hub.models import Organisation, Service

PER_PAGE = 20
SEARCH_LIMIT = 100
MAX_PER_PAGE = 100


class BadRequest(Exception):
    def __init__(self, errors):
        self.errors = errors


def answer(data, status=200):
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def positive(request, name, default, maximum):
    raw = request.GET.get(name, "")
    if raw == "":
        return default
    # The length check first: int() of a 10,000-digit string would take long, and Python refuses it.
    if len(raw) > 7 or not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= maximum:
        raise BadRequest({name: [_("Give a whole number from 1 to %(max)d.") % {"max": maximum}]})
    return int(raw)


def page_of(request, queryset, render):
    """One page in the HSDS page shape; a page past the last is empty rather than an error."""
    page_number = positive(request, "page", 1, maximum=10**6)
    per_page = positive(request, "per_page", PER_PAGE, maximum=MAX_PER_PAGE)
    total = queryset.count()
    start = (page_number - 1) * per_page
    items = list(queryset[start : start + per_page]) if start < total else []
    return {
        "total_items": total,
        "total_pages": -(-total // per_page),
        "page_number": page_number,
        "size": len(items),
        "first_page": page_number == 1,
        "last_page": start + per_page >= total,
        "empty": not items,
        "contents": [render(item) for item in items],
    }


def endpoint(view):
    @require_GET
    def wrapped(request, *args, **kwargs):
        try:
            return answer(view(request, *args, **kwargs))
        except BadRequest as refused:
            return answer(refused.errors, status=400)
        except LookupError:
            return answer({"detail": _("Not found.")}, status=404)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def organisations():
    return Organisation.objects.published().select_related("district").order_by("pk")


def services():
    return Service.objects.published().order_by("pk")


def full_services():
    return services().select_related("organisation").prefetch_related("opening_hours", "districts")


def located_services():
    return services().exclude(organisation__address="")


def one(queryset, kind, text):
    pk = hsds.pk_of(kind, text)
    found = queryset.filter(pk=pk).first() if pk is not None else None
    if found is None:
        raise LookupError(text)
    return found


@endpoint
def root(request):
    return {
        "version": hsds.VERSION,
        "profile": hsds.PROFILE,
        "openapi_url": hsds.OPENAPI,
    }


@endpoint
def organization_list(request):
    return page_of(request, organisations(), lambda org: hsds.organization(org, request))


@endpoint
def organization_detail(request, id):
    return hsds.organization(one(organisations(), "organization", id), request, full=True)


def moment(request, name):
    """An RFC 3339 date-time parameter; a date alone means its start in Seoul."""
    raw = request.GET.get(name, "")
    if not raw:
        return None
    try:
        value = parse_datetime(raw) if "T" in raw or " " in raw else None
        value = value or datetime.combine(date.fromisoformat(raw), time())
    except ValueError:
        value = None
    if value is None:
        raise BadRequest({name: [_("Give a date and time such as 2026-01-31T09:00:00+09:00.")]})
    return value if timezone.is_aware(value) else timezone.make_aware(value)


def boolean(request, name):
    raw = request.GET.get(name, "").lower()
    if raw not in ("", "true", "false", "1", "0"):
        raise BadRequest({name: [_("Give true or false.")]})
    return raw in ("true", "1")


@endpoint
def service_list(request):
    """Services, filtered by `search` (Korean or English words), `organization_id` and `modified_after`;
    `full=true` gives each service with its linked records, as a record does."""
    full = boolean(request, "full")
    queryset = full_services() if full else services()
    if request.GET.get("organization_id"):
        queryset = queryset.filter(organisation_id=hsds.pk_of("organization", request.GET["organization_id"]))
    if after := moment(request, "modified_after"):
        queryset = queryset.filter(updated_at__gte=after)
    if search := request.GET.get("search", "").strip():
        if len(search) > SEARCH_LIMIT or "\x00" in search:
            raise BadRequest({"search": [_("Give at most %(max)d characters.") % {"max": SEARCH_LIMIT}]})
        queryset = queryset.search(search)
    return page_of(request, queryset, lambda svc: hsds.service(svc, request, full=full))


@endpoint
def service_detail(request, id):
    return hsds.service(one(full_services(), "service", id), request, full=True)


@endpoint
def location_list(request):
    return page_of(request, organisations().exclude(address=""), lambda org: hsds.location(org, request))


@endpoint
def location_detail(request, id):
    return hsds.location(one(organisations().exclude(address=""), "location", id), request)


@endpoint
def service_at_location_list(request):
    return page_of(request, located_services(), hsds.service_at_location)


@endpoint
def service_at_location_detail(request, id):
    """The link with the service and its location in full."""
    svc = one(located_services().select_related("organisation__district"), "service_at_location", id)
    return {
        **hsds.service_at_location(svc),
        "service": hsds.service(svc, request),
        "location": hsds.location(svc.organisation, request),
    }
