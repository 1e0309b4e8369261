"""How the API describes itself (drf-spectacular): who may call each operation, the error answers it can
give, and patterns that mean the same to every validator. Checked against the running API by
tests/sharingcity/test_api_fuzz.py (schemathesis)."""

from django_filters import ModelChoiceFilter
from drf_spectacular.openapi import AutoSchema
from rest_framework.permissions import SAFE_METHODS

from sharingcity.models import District

# A Unicode slug (Django's validate_unicode_slug: letters and digits of any script, "_" and "-"). Python's
# `\w` is Unicode but JSON Schema's (ECMA-262) is ASCII only, so `^[-\w]+$` would refuse a Hangul slug;
# the route and the schema share this class instead, which reads the same in both: anything but ASCII
# controls, spaces and punctuation other than "-" and "_".
SLUG_LOOKUP = r"[^\x00-\x2c\x2e\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\x7f]+"
TIME_OF_DAY_PATTERN = r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?$"

ERROR = "Error"
FIELD_ERRORS = "FieldErrors"
ERROR_SCHEMAS = {
    ERROR: {
        "type": "object",
        "description": "Why the request was refused, in the caller's language.",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    },
    FIELD_ERRORS: {
        "type": "object",
        "description": "Each refused field (or `non_field_errors` for the request as a whole) with its messages; "
        "a nested or listed field has its own errors inside. A body that cannot be read has a `detail`.",
        "additionalProperties": {
            "anyOf": [
                {"type": "string"},
                {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "object"}]}},
                {"type": "object"},
            ]
        },
        "example": {"attendees": ["Ensure this value is greater than or equal to 1."]},
    },
}

# The error answers, and when each can happen (see document_error_answers).
ERROR_DESCRIPTIONS = {
    "400": ("Invalid input: the fields that were refused, with the reason.", FIELD_ERRORS),
    "401": ("No credentials, or credentials that are wrong, expired or revoked.", ERROR),
    "403": ("Signed in, but not as someone who may do this.", ERROR),
    "404": ("Not found (or not yours), or a page past the last.", ERROR),
    "409": ("Taken by someone else a moment ago.", ERROR),
    "415": ("A body in a format this operation does not read (send JSON, a form or multipart).", ERROR),
}


class PortalAutoSchema(AutoSchema):
    """drf-spectacular's schema, plus what it cannot know: a permission that lets anyone read
    (`anyone_may_read = True`) makes safe methods callable without credentials, as AllowAny does; a filter
    sent empty (`?district=`, as the search forms send "all") is ignored; and a district is one of the
    city's districts (reference data), named by its slug."""

    def _get_filter_parameters(self):
        parameters = super()._get_filter_parameters()
        districts = self._district_filters()
        for parameter in parameters:
            if parameter["in"] == "query":
                parameter["allowEmptyValue"] = True
            if parameter["name"] in districts:
                parameter["schema"]["enum"] = list(District.objects.order_by("slug").values_list("slug", flat=True))
        return parameters

    def _get_pagination_parameters(self):
        parameters = super()._get_pagination_parameters()
        for parameter in parameters:
            parameter["allowEmptyValue"] = True  # `?page=` is the first page
        return parameters

    def _district_filters(self):
        filterset_class = getattr(self.view, "filterset_class", None)
        if filterset_class is None:
            return set()
        return {
            name
            for name, filter_ in filterset_class.base_filters.items()
            if isinstance(filter_, ModelChoiceFilter) and getattr(filter_.queryset, "model", None) is District
        }

    def get_auth(self):
        auths = super().get_auth()
        permissions = self.view.get_permissions()
        if (
            {} not in auths
            and self.method in SAFE_METHODS
            and any(getattr(p, "anyone_may_read", False) for p in permissions)
        ):
            auths.append({})
        return auths


def document_error_answers(result, generator, request, public):
    """Postprocessing hook: every operation documents the errors it can answer, each with its JSON shape:
    400 where it takes a body or query parameters or changes something, 401 where it reads credentials
    (a wrong key is refused even on a public read), 403 where it needs them, 404 where it looks something
    up by path or pages, 409 where the view declared a conflict (booking), and 415 where it reads a body."""
    result.setdefault("components", {}).setdefault("schemas", {}).update(ERROR_SCHEMAS)
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            responses = operation["responses"]
            for code in answered_errors(operation, method) | (responses.keys() & ERROR_DESCRIPTIONS.keys()):
                description, schema = ERROR_DESCRIPTIONS[code]
                answer = responses.setdefault(code, {"description": description})
                answer["description"] = answer.get("description") or description
                answer.setdefault(
                    "content", {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}
                )
    return result


def answered_errors(operation, method="get"):
    parameters = operation.get("parameters", [])
    security = operation.get("security", [])
    codes = set()
    # A change can be refused by the programme's rules (a no-show before the start), body or not.
    if "requestBody" in operation or any(p["in"] == "query" for p in parameters) or method != "get":
        codes.add("400")
    if "requestBody" in operation:
        codes.add("415")
    if any(security):
        codes.add("401")
        if {} not in security:
            codes.add("403")
    if any(p["in"] == "path" or p["name"] == "page" for p in parameters):
        codes.add("404")
    return codes


# limits.CONTROL_CHARACTERS, refused, written as JSON Schema (ECMA-262) reads a pattern.
NO_CONTROL_CHARACTERS_PATTERN = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]*$"


def portable_patterns(result, generator, request, public):
    """Postprocessing hook: patterns written for Python's `re` said the way JSON Schema (ECMA-262) reads them.

    A Unicode slug's `^[-\\w]+$` becomes the route's own class (SLUG_LOOKUP). A time of day is sent as "09:00"
    or "09:00:00", without an offset (Seoul time); JSON Schema's `time` format demands an offset, so the
    schema says what is sent with a pattern. Free text says it holds no control characters (NUL and the
    like), which every field refuses (sharingcity/limits.py)."""

    def visit(node):
        if isinstance(node, dict):
            if node.get("type") == "string" and node.get("format") == "time":
                del node["format"]
                node["pattern"] = TIME_OF_DAY_PATTERN
                node.setdefault("example", "09:00:00")
            if node.get("pattern") == r"^[-\w]+$":
                node["pattern"] = f"^{SLUG_LOOKUP}$"
            if node.get("type") == "string" and not ({"pattern", "format", "enum"} & node.keys()):
                node["pattern"] = NO_CONTROL_CHARACTERS_PATTERN
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    visit(result)
    return result
