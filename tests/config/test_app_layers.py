"""What import-linter cannot see of the app layers (docs/decisions/0012-app-layers.md): a
template of one app may load template libraries and include or extend templates of its own
app or of a lower one, never of a higher one. Templates outside an app's folder (the base
layout, includes/, allauth/, error pages) belong to the site and may use any app."""

import re
import tomllib
from pathlib import Path

from django.conf import settings
from django.template.backends.django import get_installed_libraries

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# The order import-linter enforces (pyproject.toml), highest first.
LAYERS = next(
    contract["layers"]
    for contract in tomllib.loads((Path(settings.BASE_DIR) / "pyproject.toml").read_text())["tool"][
        "importlinter"
    ]["contracts"]
    if contract["id"] == "layers"
)
LOAD = re.compile(r"\{%\s*load\s+([^%]+?)\s*%\}")
REFERENCE = re.compile(r"\{%\s*(?:include|extends)\s+[\"']([a-z_]+)/")


def _library_apps():
    """{template library name: the app of ours that defines it}."""
    apps = {name: module.split(".")[0] for name, module in get_installed_libraries().items()}
    return {name: app for name, app in apps.items() if app in LAYERS}


def _uses_against_the_layers(app, text, library_apps):
    """What a template of `app` uses from a higher app, as readable lines."""
    loaded = {name for names in LOAD.findall(text) for name in names.split()}
    higher = LAYERS[: LAYERS.index(app)]
    return [
        *(f"{{% load {name} %}}" for name in sorted(loaded) if library_apps.get(name) in higher),
        *(
            f'{{% include/extends "{used}/…" %}}'
            for used in REFERENCE.findall(text)
            if used in higher
        ),
    ]


def test_our_apps_template_libraries_are_known():
    assert {"charts", "article_tags", "community_tags", "survey_tags"} <= set(_library_apps())


def test_a_lower_apps_template_loading_a_higher_apps_library_is_caught():
    text = '{% load i18n article_tags %}{% include "surveys/includes/x.html" %}'

    found = _uses_against_the_layers("community", text, _library_apps())

    assert found == ["{% load article_tags %}", '{% include/extends "surveys/…" %}']


def test_templates_use_only_their_own_app_or_lower_ones():
    library_apps = _library_apps()
    against = {
        str(path.relative_to(TEMPLATES)): found
        for path in sorted(TEMPLATES.rglob("*.html"))
        if (app := path.relative_to(TEMPLATES).parts[0]) in LAYERS
        and (found := _uses_against_the_layers(app, path.read_text(), library_apps))
    }
    assert against == {}
