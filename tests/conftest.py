import pytest
from django.conf import settings
from django.utils import translation

from tests.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    ContactPageFactory,
    HomePageFactory,
    StaffUserFactory,
    SurveyIndexPageFactory,
)


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
