import pytest
from django.conf import settings
from django.db import connections
from django.utils import translation
from pytest_django.plugin import blocking_manager_key

from tests.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    ContactPageFactory,
    HomePageFactory,
    StaffUserFactory,
    SurveyIndexPageFactory,
)
from tests.migrated import databases_from_copies


@pytest.fixture(scope="session")
def django_db_setup(
    request, django_test_environment, django_db_blocker, django_db_modify_db_settings
):
    """pytest-django's test databases (one per xdist worker), each migrated from a copy migrated
    once (tests/migrated.py) instead of from nothing: a minute of each worker's start on two
    cores."""
    from django.test.utils import setup_databases, teardown_databases

    verbosity = request.config.option.verbose
    with django_db_blocker.unblock(), databases_from_copies():
        databases = setup_databases(verbosity=verbosity, interactive=False)
    yield
    with django_db_blocker.unblock():
        teardown_databases(databases, verbosity=verbosity)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a test with `django_db(transaction=True, serialized_rollback=True)`, put back what
    the migrations wrote (the default Site, groups, workflows). Django empties every table after
    such a test and restores them only before the next one like it: it counts on running them
    last, but `-n 2 --dist loadfile` runs a file's tests together, so a file mixing both kinds
    left the next files of its worker without a Site. A next test like it restores them itself."""
    result = yield
    if (
        _restores_migration_data(item)
        and nextitem is not None
        and not _restores_migration_data(nextitem)
    ):
        with item.config.stash[blocking_manager_key].unblock():
            for connection in connections.all(initialized_only=True):
                contents = getattr(connection, "_test_serialized_contents", None)
                if contents:
                    connection.creation.deserialize_db_from_string(contents)
    return result


def _restores_migration_data(item):
    """Does `item` run on an emptied database that Django fills with the migrations' data first
    (serialized_rollback: the marker, or the fixture the browser tests use)?"""
    marker = item.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("serialized_rollback")) or (
        "django_db_serialized_rollback" in getattr(item, "fixturenames", ())
    )


@pytest.fixture(autouse=True)
def _reference_index(request):
    """Wagtail's reference index (what uses an image, a snippet, a survey) is written after every
    save of a page, a third of what making a page costs; only the tests marked
    `reference_index` have it kept up to date (surveys.selectors.next_steps reads it)."""
    from wagtail.signal_handlers import disable_reference_index_auto_update

    if request.node.get_closest_marker("reference_index"):
        yield
        return
    with disable_reference_index_auto_update():
        yield


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache, caches

    cache.clear()
    caches["pages"].clear()
    yield
    cache.clear()
    caches["pages"].clear()


@pytest.fixture
def home_page(db):
    return HomePageFactory()


@pytest.fixture
def article_index(home_page):
    return ArticleIndexPageFactory(parent=home_page)


@pytest.fixture
def article(article_index):
    return ArticlePageFactory(parent=article_index)


@pytest.fixture
def survey_index(home_page):
    return SurveyIndexPageFactory(parent=home_page)


@pytest.fixture
def contact_page(home_page):
    return ContactPageFactory(parent=home_page)


@pytest.fixture
def editor(db):
    return StaffUserFactory(groups=["Editors"])


@pytest.fixture
def english():
    """For `pytestmark = pytest.mark.usefixtures("english")`: messages are asserted as their
    English msgids; the Japanese ones come from the catalogue (tests/config/test_i18n.py)."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in Japanese: a request to /en/… leaves English active in the thread."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


def pytest_report_header(config):
    from django.conf import settings

    database = settings.DATABASES["default"]
    cache = settings.CACHES["default"]
    where = database.get("HOST") or database["NAME"]
    return f"yoriai: database {database['ENGINE']} at {where}; cache {cache['BACKEND']}"
