import pytest
from bs4 import BeautifulSoup

from tests.api.datasets import SURVEY, TOPIC, datasets_publish

pytestmark = pytest.mark.django_db


def page_get(client, path="/opendata/"):
    response = client.get(path)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def text_of(element):
    return " ".join(element.get_text(" ", strip=True).split())


def dataset_card(soup, dataset):
    return soup.find(id=f"dataset-{dataset.identifier}").find_parent("article")


@pytest.fixture
def published(monkeypatch, home_page):
    datasets_publish(monkeypatch, surveys=[SURVEY], topics=[TOPIC])


def test_the_page_says_what_is_published_and_under_which_licence(client, published):
    soup = page_get(client)

    assert soup.title.string == "オープンデータ | 寄り合い Yoriai"
    assert text_of(soup.h1) == "オープンデータ"
    intro = text_of(soup.find(class_="page-intro"))
    assert intro.startswith("このサイトですでに公開しているデータを、機械で読める形で提供します")
    assert "人数の少ないグループは、ページと同じく含めていません。" in intro
    licence = soup.find("section", class_="opendata-licence")
    assert text_of(licence.h2) == "利用条件（ライセンス）"
    link = licence.find("a", rel="license")
    assert (link["href"], text_of(link)) == (
        "https://creativecommons.org/licenses/by/4.0/",
        "CC BY 4.0",
    )
    assert text_of(licence.find(class_="opendata-credit")) == "出典：Yoriai 寄り合い"


def test_each_dataset_is_listed_with_its_files_and_records(client, published):
    soup = page_get(client)

    titles = [text_of(h3) for h3 in soup.select(".opendata-dataset h3")]
    assert titles == [TOPIC.title, SURVEY.title]
    card = dataset_card(soup, SURVEY)
    assert card.h3.a["href"] == SURVEY.page_url
    assert SURVEY.description in text_of(card)
    updated = card.find(class_="opendata-dataset__updated").time
    assert (updated["datetime"], text_of(updated)) == (
        "2026-12-01T22:30:00+09:00",
        "最終更新：2026年12月1日 22:30",
    )
    files = card.select(".opendata-dataset__files a")
    assert [(a["href"], a.contents[0]) for a in files] == [
        ("http://testserver/opendata/survey-12.csv", "CSV"),
        ("http://testserver/opendata/survey-12.json", "JSON"),
    ]
    assert text_of(files[0]) == f"CSV （「{SURVEY.title}」）"
    records = {a.contents[0]: a["href"] for a in card.select(".opendata-dataset__records a")}
    assert records == {
        "メタデータ（DCAT）": "http://testserver/opendata/survey-12/metadata.jsonld",
        "各項目の説明（スキーマ）": SURVEY.schema_url,
    }


def test_a_dataset_without_a_schema_offers_no_schema_link(client, published):
    card = dataset_card(page_get(client), TOPIC)

    assert [a.contents[0] for a in card.select(".opendata-dataset__records a")] == [
        "メタデータ（DCAT）"
    ]


def test_the_page_links_the_api_reference_and_both_catalogs(client, published):
    soup = page_get(client)

    section = soup.find(id="opendata-developers").parent
    assert text_of(section.h2) == "開発者の方へ"
    links = {text_of(a): a["href"] for a in section.find_all("a")}
    assert links == {
        "API リファレンス": "/opendata/api/",
        "データカタログ（DCAT、JSON-LD）": "/opendata/catalog.jsonld",
        "データカタログ（data.json）": "/opendata/data.json",
    }
    alternate = soup.find("link", rel="alternate", type="application/ld+json")
    assert alternate["href"] == "/opendata/catalog.jsonld"


def test_without_datasets_the_page_says_so(client, home_page):
    soup = page_get(client)

    assert soup.select(".opendata-dataset") == []
    assert text_of(soup.find(class_="empty-state")) == (
        "公開中のデータセットはまだありません。"
        "アンケート結果や意見交換が公開されると、ここに表示されます。"
    )
    assert soup.find("a", rel="license") is not None


def test_the_footer_links_the_page(client, home_page):
    soup = page_get(client, "/search/")

    link = soup.find("footer").find("a", string="オープンデータ")
    assert link["href"] == "/opendata/"


def test_the_english_page_is_in_english(client, published):
    soup = page_get(client, "/en/opendata/")

    assert text_of(soup.h1) == "Open data"
    assert text_of(soup.find(class_="opendata-credit")) == "Source: Yoriai 寄り合い"
    assert soup.find("footer").find("a", string="Open data")["href"] == "/en/opendata/"
