import pytest
from bs4 import BeautifulSoup
from django.utils import translation

from api.opendata.reference import endpoint_groups
from api.urls import api

pytestmark = pytest.mark.django_db


def reference_get(client, path="/opendata/api/"):
    response = client.get(path)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def text_of(element):
    return " ".join(element.get_text(" ", strip=True).split())


def endpoint_of(soup, method, path):
    """The reference's article about `method` `path`."""
    for article in soup.select("article.api-endpoint"):
        if text_of(article.find(class_="api-endpoint__request")) == f"{method} {path}":
            return article
    raise AssertionError(f"{method} {path} is not on the page")


def ja(message):
    """The Japanese of a text the API's own code documents itself with (its owners word it)."""
    with translation.override("ja"):
        text = translation.gettext(message)
    assert text != message, f"no Japanese for {message!r}"
    return text


def table_rows(table):
    return [[text_of(cell) for cell in row.find_all(["th", "td"])] for row in table.tbody("tr")]


def test_every_path_of_the_openapi_document_is_on_the_page(client, home_page):
    soup = reference_get(client)

    document = api.get_openapi_schema()
    for path, item in document["paths"].items():
        for method in item:
            article = endpoint_of(soup, method.upper(), path)
            assert text_of(article.h3) == item[method]["summary"]
    assert len(soup.select("article.api-endpoint")) == sum(map(len, document["paths"].values()))


def test_the_page_explains_the_api_in_japanese(client, home_page):
    soup = reference_get(client)

    assert soup.title.string == "API リファレンス | 寄り合い Yoriai"
    assert text_of(soup.h1) == "API リファレンス"
    headings = [text_of(h2) for h2 in soup.main.find_all("h2")]
    assert headings[:3] == ["目次", "API の使い方", "エラー"]
    assert "記事" in headings
    basics = [text_of(h3) for h3 in soup.find(id="api-basics").parent.find_all("h3")]
    assert basics == [
        "ベース URL",
        "認証",
        "回数の上限",
        "一覧のページ送り",
        "変更されたものだけを読む",
        "キャッシュ",
        "ほかのサイトからの利用（CORS）",
    ]
    page = text_of(soup.main)
    assert "http://testserver/api/v1/" in page
    assert "サイトの運営者に API キーの発行を依頼し、 X-API-Key ヘッダーで送ってください。" in page
    assert "キーなし：アクセス元のアドレスごとに5分あたり300回まで。" in page
    assert "キーあり：キーごとに5分あたり3000回まで。" in page
    assert "最大 200 件です。" in page
    assert "updated_since" in page and "If-None-Match" in page
    assert "Access-Control-Allow-Origin: *" in page
    openapi = soup.main.find_all("a", href="/api/v1/openapi.json")
    assert [text_of(a) for a in openapi][-1] == "OpenAPI ドキュメント（JSON）"


def test_the_rate_limits_follow_the_settings(client, home_page, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api": (100, 3600), "api_key": (50, 45)}

    page = text_of(reference_get(client).main)

    assert "キーなし：アクセス元のアドレスごとに1時間あたり100回まで。" in page
    assert "キーあり：キーごとに45秒あたり50回まで。" in page


def test_the_errors_are_the_api_s_own_answers(client, home_page):
    soup = reference_get(client)
    not_found = client.get("/api/v1/articles/999999/").json()["detail"]
    refused = client.get("/api/v1/articles/", headers={"X-API-Key": "nope"}).json()["detail"]

    rows = table_rows(soup.find(id="api-errors").parent.table)
    assert [row[0] for row in rows] == ["400", "401", "404", "422", "429"]
    assert rows[1][2] == f'{{"detail": "{refused}"}}'
    assert rows[2][2] == f'{{"detail": "{not_found}"}}'
    assert not_found == ja("Not found.")


def test_the_articles_endpoint_lists_its_parameters_and_fields(client, home_page):
    article = endpoint_of(reference_get(client), "GET", "/api/v1/articles/")

    assert text_of(article.h3) == ja("Published articles")
    description = ja(
        "In the order they were last published, oldest first; follow `next` to read them all."
    )
    assert description.replace("`next`", "<code>next</code>") in str(article)
    parameters, fields = article.find_all("table")
    assert table_rows(parameters)[2] == [
        "limit クエリ文字列 任意",
        "整数（既定値 50, 1–200）",
        ja("Objects per page (1–200)."),
    ]
    rows = {row[0]: row[1:] for row in table_rows(fields)}
    assert rows["next"] == ["文字列 または null", ja("The URL of the next page, or null.")]
    assert rows["results"] == ["オブジェクトの配列", ""]
    assert rows["results[].url"] == ["文字列", ja("The article's page on this site.")]
    assert rows["results[].last_published_at"][0] == "文字列（日時、ISO 8601）"
    assert rows["results[].tags[].slug"] == ["文字列", ""]
    assert rows["results[].series"] == ["オブジェクト または null", ""]
    assert rows["results[].series.part"][0] == "整数 または null"
    assert "body_html" not in {name.split(".")[-1] for name in rows}


def test_a_detail_endpoint_lists_its_path_parameter_as_required(client, home_page):
    article = endpoint_of(reference_get(client), "GET", "/api/v1/articles/{article_id}/")

    parameters = table_rows(article.find("table"))
    assert parameters == [["article_id パス 必須", "整数", ""]]
    fields = [row[0] for row in table_rows(article.find_all("table")[1])]
    assert {"body_html", "body_text", "tags[].name"} <= set(fields)


def test_the_english_reference_is_in_english(client, home_page):
    soup = reference_get(client, "/en/opendata/api/")

    assert text_of(soup.h1) == "API reference"
    assert text_of(endpoint_of(soup, "GET", "/api/v1/articles/").h3) == "Published articles"


def test_any_document_is_read_generically():
    document = {
        "paths": {
            "/api/v1/things/": {
                "get": {
                    "operationId": "things",
                    "summary": "Things",
                    "description": "Follow `next` <b>now</b>.",
                    "parameters": [
                        {"in": "query", "name": "kind", "schema": {"enum": ["a", "b"]}},
                    ],
                    "responses": {
                        "200": {
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Node"}
                                }
                            }
                        }
                    },
                }
            }
        },
        "components": {
            "schemas": {
                "Node": {
                    "properties": {
                        "name": {"type": "string", "format": "uri", "description": "Its URL."},
                        "children": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/Node"},
                        },
                        "flag": {"type": "boolean"},
                    },
                }
            }
        },
    }

    (group,) = endpoint_groups(document)

    assert group.name == "その他"
    (endpoint,) = group.endpoints
    assert (endpoint.method, endpoint.anchor, endpoint.response_type) == (
        "GET",
        "things",
        "オブジェクト",
    )
    assert endpoint.parameters[0].type == "任意の値: a, b"
    assert [(field.name, field.type) for field in endpoint.fields] == [
        ("name", "文字列（URL）"),
        ("children", "オブジェクトの配列"),
        ("flag", "真偽値"),
    ]
    assert endpoint.fields[0].description == "Its URL."
    assert endpoint.description == "Follow <code>next</code> &lt;b&gt;now&lt;/b&gt;."
