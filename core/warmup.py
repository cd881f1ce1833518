"""Do in the server's master process, before it forks workers, what every worker would do on its first requests.

With gunicorn's preload_app, a worker then answers its first request as fast as its thousandth, also
after each max_requests restart: templates are compiled, translation catalogues read and the URL
resolver filled once, and every worker inherits them.
"""

from pathlib import Path

from django.conf import settings
from django.forms.renderers import EngineMixin, get_default_renderer
from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
from django.template.utils import get_app_template_dirs
from django.urls import reverse
from django.utils import translation


def _template_names(folders: list[Path]) -> list[str]:
    return sorted(
        {str(path.relative_to(folder)) for folder in folders for path in folder.rglob("*") if path.suffix == ".html"}
    )


def process_warm() -> int:
    """Compile every HTML template, read each language's messages and resolve a URL; how many templates."""
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Log in")
            reverse("accounts:home")
    folders = [Path(folder) for folder in settings.TEMPLATES[0]["DIRS"]] + [
        Path(folder) for folder in get_app_template_dirs("templates")
    ]
    names = _template_names(folders)
    renderer = get_default_renderer()
    form_engines = [renderer.engine] if isinstance(renderer, EngineMixin) else []
    compiled = 0
    for name in names:
        for engine in (engines["django"], *form_engines):
            try:
                engine.get_template(name)
            except (TemplateDoesNotExist, TemplateSyntaxError):
                continue
            compiled += 1
    return compiled
