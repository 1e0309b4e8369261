"""Every input the portal takes, found rather than listed: the pages' forms and query parameters by
walking the URLconf and following the links and forms of the rendered pages, and the API's query
parameters and request bodies from its OpenAPI schema (which drf-spectacular builds from the URLconf,
the filtersets and the serializers). New pages, forms, filters and fields are driven without anyone
adding them to a list."""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit

from django.apps import apps
from django.db import connection
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from drf_spectacular.generators import SchemaGenerator

SKIPPED_PREFIXES = ("/admin/", "/static/", "/media/", "/api/", "/gbfs/")
SKIPPED_ROUTES = {"logout"}  # following it would end the signed-in walk
# Tables written by the framework around a request, not by the portal's rules.
APPS_WITH_RULES = ("sharingcity", "hub", "facilities", "carshare", "roomshare")


@dataclass
class Target:
    """One way in: a method and a path, the fields it takes, and values that make a sensible request."""

    method: str
    path: str
    route: str
    defaults: dict = field(default_factory=dict)
    json: bool = False

    @property
    def fields(self):
        return sorted(self.defaults)


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.forms, self._form = [], [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form":
            self._form = {"method": (attrs.get("method") or "get").lower(), "action": attrs.get("action"), "fields": {}}
            self.forms.append(self._form)
        elif self._form is not None and tag in ("input", "select", "textarea", "button") and attrs.get("name"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                self._form["fields"].setdefault(attrs["name"], "")
            else:
                self._form["fields"][attrs["name"]] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


def _route_of(path):
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.route


def page_routes():
    """Every route of the URLconf outside admin, static files and the API."""

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern), pattern.name

    routes = {}
    for route, name in walk(get_resolver().url_patterns):
        if not ("/" + route).startswith(SKIPPED_PREFIXES) and name not in SKIPPED_ROUTES:
            routes[route] = name
    return routes


def _placeholder(route):
    """A concrete path for a route no page links to: converters filled with values that match no row."""
    path = re.sub(r"<int:\w+>", "1", route)
    path = re.sub(r"<(?:str|slug|path):\w+>", "x", path)
    return "/" + path


def crawl(client, limit=160):
    """Follow links and forms from the home page and every route without arguments; return the targets:
    GET with the query parameters seen in links and GET forms, POST with each form's fields."""
    routes = page_routes()
    queue = ["/"] + ["/" + route for route in routes if "<" not in route]
    seen_paths, per_route, targets = set(), {}, {}

    def add(target):
        key = (target.method, target.route)  # one path per route is enough: the same view answers them all
        known = targets.get(key)
        if known is None:
            targets[key] = target
        else:
            for name, value in target.defaults.items():
                known.defaults.setdefault(name, value)

    while queue and len(seen_paths) < limit:
        url = queue.pop(0)
        parts = urlsplit(url)
        path = parts.path
        route = _route_of(path)
        if route is None or path.startswith(SKIPPED_PREFIXES) or routes.get(route, "?") in SKIPPED_ROUTES:
            continue
        add(Target("GET", path, route, dict(parse_qsl(parts.query))))
        if path in seen_paths or per_route.get(route, 0) >= 2:
            continue
        seen_paths.add(path)
        per_route[route] = per_route.get(route, 0) + 1
        response = client.get(path)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        page = _Page()
        page.feed(response.content.decode())
        for href in page.links:
            absolute = urljoin(path, href)
            if absolute.startswith("/") and not absolute.startswith("//"):
                queue.append(absolute.split("#")[0])
        for form in page.forms:
            action = urlsplit(urljoin(path, form["action"] or path)).path
            action_route = _route_of(action)
            if action_route is None or action.startswith(SKIPPED_PREFIXES):
                continue
            if routes.get(action_route, "?") in SKIPPED_ROUTES:
                continue
            fields = {k: v for k, v in form["fields"].items() if k != "csrfmiddlewaretoken"}
            add(Target(form["method"].upper(), action, action_route, fields))
    for route in routes:
        if not any(t.route == route for t in targets.values()):
            add(Target("GET", _placeholder(route), route))
    return list(targets.values())


def node_path(ref):
    return ref.lstrip("#/").split("/")


def _deref(schema, node):
    for _depth in range(5):
        if not (isinstance(node, dict) and "$ref" in node):
            return node
        target = schema
        for part in node_path(node["$ref"]):
            target = target[part]
        node = target
    return node


def api_targets(path_values):
    """The API's operations from its schema: query parameters for reads, JSON properties for writes.
    `path_values(template, name)` gives a real value for a path parameter."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    targets = []
    for template, operations in schema["paths"].items():
        path = template
        for name in re.findall(r"\{(\w+)\}", template):
            path = path.replace("{" + name + "}", str(path_values(template, name)))
        for method, operation in operations.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            defaults = {
                p["name"]: "" for p in operation.get("parameters", []) if _deref(schema, p).get("in") == "query"
            }
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            body = _deref(schema, body) if body else {}
            for name, prop in body.get("properties", {}).items():
                prop = _deref(schema, prop)
                if not prop.get("readOnly"):
                    defaults[name] = prop.get("example", "")
            targets.append(Target(method.upper(), path, template, defaults, json=method != "get"))
    return targets


# Bookkeeping any authenticated request may do, refused or not: when a partner key was last used (written
# at most once a minute, so whether a given request writes it depends on the clock).
BOOKKEEPING = {"hub_partnerapikey"}


def fingerprint():
    """Per table of the portal: its row count and the newest row version's transaction id. Run the
    request in a subtransaction of its own (`transaction.atomic()`): each insert or update it makes is
    then a row version with a newer id, and each delete lowers the count, so equal before and after
    means it wrote nothing (without reading every row's contents)."""
    tables = sorted(
        {
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if model._meta.app_label in APPS_WITH_RULES and model._meta.managed
        }
        - BOOKKEEPING
    )
    sql = " UNION ALL ".join(
        f"SELECT '{table}', count(*), max(xmin::text::bigint) FROM {connection.ops.quote_name(table)}"
        for table in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return {table: (count, newest) for table, count, newest in cursor.fetchall()}
