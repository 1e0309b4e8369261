"""Load what every request needs (compiled templates, both languages' catalogues, the URL map) once, in the
server's master process before it forks its workers. Each new worker, including one recycled after
`max_requests`, then starts warm instead of compiling all of it while visitors wait."""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.template import TemplateSyntaxError, engines
from django.template.loader import get_template
from django.urls import get_resolver
from django.utils import translation


def template_names():
    folders = [Path(folder) for engine in settings.TEMPLATES for folder in engine.get("DIRS", [])]
    folders += [Path(app.path) / "templates" for app in apps.get_app_configs()]
    for folder in folders:
        if folder.is_dir():
            yield from (str(path.relative_to(folder)) for path in folder.rglob("*.html"))


def warm_up():
    """Touches no database: a connection opened here would be shared by every forked worker."""
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Sharing City")
    get_resolver().reverse_dict  # noqa: B018 - builds the URL map
    engines.all()
    compiled = 0
    for name in dict.fromkeys(template_names()):
        try:
            get_template(name)
            compiled += 1
        except TemplateSyntaxError:
            continue  # a template of another engine or a fragment meant for inclusion only
    return compiled
