"""Demo content of the apps above articles in the layers (events): seed_demo cannot import
them, so each registers its builder's dotted path (in its AppConfig.ready) and seed_demo calls
each, in order, once the rest of the demo is built."""

from django.utils.module_loading import import_string

DEMO_BUILDERS = []


def demo_builder_register(dotted_path):
    """Have seed_demo call the function at `dotted_path` with keyword arguments home (the
    site's home page), survey (the demo survey) and articles ({slug: ArticlePage})."""
    if dotted_path not in DEMO_BUILDERS:
        DEMO_BUILDERS.append(dotted_path)


def demo_builders_run(**context):
    """Call every registered builder with `context`."""
    for dotted_path in DEMO_BUILDERS:
        import_string(dotted_path)(**context)
