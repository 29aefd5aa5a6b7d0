import json

import pytest

# Through the module: rdflib's namespaces warn when pytest inspects them as module globals.
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib import namespace as ns

from tests.api.datasets import SURVEY, TOPIC, datasets_publish

pytestmark = pytest.mark.django_db

CC_BY = "https://creativecommons.org/licenses/by/4.0/"
CATALOG_URL = "http://testserver/opendata/catalog.jsonld"
FOAF = Namespace("http://xmlns.com/foaf/0.1/")


@pytest.fixture
def published(monkeypatch, home_page):
    datasets_publish(monkeypatch, surveys=[SURVEY], topics=[TOPIC])


def catalog_get(client, path="/opendata/catalog.jsonld", **headers):
    response = client.get(path, headers=headers)
    assert response.status_code == 200
    return response


def test_the_catalog_is_dcat_json_ld_with_its_licence_and_publisher(client, published):
    response = catalog_get(client)

    assert response["Content-Type"] == "application/ld+json"
    assert response["Access-Control-Allow-Origin"] == "*"
    catalog = response.json()
    assert set(catalog["@context"]) == {"dcat", "dct", "foaf", "vcard", "xsd"}
    assert catalog["@type"] == "dcat:Catalog"
    assert catalog["@id"] == CATALOG_URL
    assert catalog["dct:title"] == "Yoriai 寄り合いのオープンデータ"
    assert "人数の少ないグループ" in catalog["dct:description"]
    assert catalog["dct:license"]["@id"] == CC_BY
    assert catalog["dct:license"]["dct:title"] == "CC BY 4.0"
    assert catalog["dct:publisher"]["foaf:name"] == "Yoriai 寄り合い"
    assert catalog["foaf:homepage"] == {"@id": "http://testserver/opendata/"}
    assert catalog["dct:modified"] == {
        "@value": "2026-12-03T10:00:00+09:00",
        "@type": "xsd:dateTime",
    }


def test_every_dataset_is_in_the_catalog_newest_change_first(client, published):
    datasets = catalog_get(client).json()["dcat:dataset"]

    assert [dataset["dct:identifier"] for dataset in datasets] == ["topic-34", "survey-12"]
    survey = datasets[1]
    assert set(survey) == {
        "@id",
        "@type",
        "dct:identifier",
        "dct:title",
        "dct:description",
        "dcat:keyword",
        "dct:issued",
        "dct:modified",
        "dcat:landingPage",
        "dct:publisher",
        "dcat:contactPoint",
        "dct:license",
        "dcat:distribution",
    }
    assert survey["@id"] == "http://testserver/opendata/survey-12/metadata.jsonld"
    assert survey["@type"] == "dcat:Dataset"
    assert survey["dct:title"] == SURVEY.title
    assert survey["dct:description"] == SURVEY.description
    assert survey["dcat:keyword"] == ["行政DX"]
    assert survey["dct:issued"] == {"@value": "2026-11-01T09:00:00+09:00", "@type": "xsd:dateTime"}
    assert survey["dct:modified"]["@value"] == "2026-12-01T22:30:00+09:00"
    assert survey["dcat:landingPage"] == {"@id": SURVEY.page_url}
    assert survey["dct:license"]["@id"] == CC_BY
    assert survey["dcat:contactPoint"]["vcard:fn"] == "Yoriai 寄り合い"


def test_each_distribution_names_its_file_format_licence_and_schema(client, published):
    survey = catalog_get(client).json()["dcat:dataset"][1]

    csv, json_file = survey["dcat:distribution"]
    assert csv == {
        "@type": "dcat:Distribution",
        "dct:title": f"{SURVEY.title} (CSV)",
        "dcat:accessURL": {"@id": "http://testserver/opendata/survey-12.csv"},
        "dcat:downloadURL": {"@id": "http://testserver/opendata/survey-12.csv"},
        "dct:format": "CSV",
        "dcat:mediaType": {"@id": "https://www.iana.org/assignments/media-types/text/csv"},
        "dct:license": {"@id": CC_BY, "@type": "dct:LicenseDocument", "dct:title": "CC BY 4.0"},
        "dct:conformsTo": {"@id": SURVEY.schema_url},
    }
    assert json_file["dct:format"] == "JSON"
    assert json_file["dcat:mediaType"]["@id"].endswith("/application/json")


def test_a_dataset_without_a_schema_has_no_conforms_to(client, published):
    topic = catalog_get(client).json()["dcat:dataset"][0]

    assert all("dct:conformsTo" not in each for each in topic["dcat:distribution"])


def test_the_catalog_parses_as_rdf_with_each_dataset_and_its_licence(client, published):
    graph = Graph().parse(data=catalog_get(client).content, format="json-ld")

    catalog = URIRef(CATALOG_URL)
    assert (catalog, ns.RDF.type, ns.DCAT.Catalog) in graph
    assert (catalog, ns.DCTERMS.license, URIRef(CC_BY)) in graph
    datasets = set(graph.subjects(ns.RDF.type, ns.DCAT.Dataset))
    assert len(datasets) == 2
    assert set(graph.objects(catalog, ns.DCAT.dataset)) == datasets
    assert len(set(graph.subjects(ns.RDF.type, ns.DCAT.Distribution))) == 4
    assert len(set(graph.subject_objects(ns.DCAT.downloadURL))) == 4
    for dataset in datasets:
        assert (dataset, ns.DCTERMS.license, URIRef(CC_BY)) in graph
        assert graph.value(dataset, ns.DCTERMS.modified).datatype == ns.XSD.dateTime
        for distribution in graph.objects(dataset, ns.DCAT.distribution):
            assert (distribution, ns.DCTERMS.license, URIRef(CC_BY)) in graph
    survey = URIRef("http://testserver/opendata/survey-12/metadata.jsonld")
    assert graph.value(survey, ns.DCTERMS.identifier) == Literal("survey-12")
    assert (None, FOAF.name, Literal("Yoriai 寄り合い")) in graph


def test_a_dataset_s_metadata_record_is_its_catalog_node(client, published):
    response = catalog_get(client, "/opendata/survey-12/metadata.jsonld")

    assert response["Content-Type"] == "application/ld+json"
    assert response["Access-Control-Allow-Origin"] == "*"
    record = response.json()
    catalog = catalog_get(client).json()
    assert record.pop("@context") == catalog["@context"]
    assert record == catalog["dcat:dataset"][1]
    graph = Graph().parse(data=response.content, format="json-ld")
    assert len(set(graph.subjects(ns.RDF.type, ns.DCAT.Dataset))) == 1


@pytest.mark.parametrize(
    "path",
    [
        "/opendata/survey-99/metadata.jsonld",
        "/opendata/topic-34x/metadata.jsonld",
        "/en/opendata/nothing/metadata.jsonld",
    ],
)
def test_an_unknown_identifier_has_no_record(client, published, path):
    assert client.get(path).status_code == 404


def test_the_catalog_answers_304_to_its_etag(client, published):
    etag = catalog_get(client)["ETag"]

    response = client.get("/opendata/catalog.jsonld", headers={"If-None-Match": etag})

    assert response.status_code == 304
    assert response.content == b""
    assert response["Access-Control-Allow-Origin"] == "*"


def test_the_etag_changes_when_a_dataset_changes(client, monkeypatch, home_page):
    datasets_publish(monkeypatch, surveys=[SURVEY])
    etag = catalog_get(client)["ETag"]
    datasets_publish(monkeypatch, surveys=[SURVEY, TOPIC])

    response = client.get("/opendata/catalog.jsonld", headers={"If-None-Match": etag})

    assert response.status_code == 200


def test_an_empty_catalog_still_describes_itself(client, home_page):
    catalog = catalog_get(client).json()

    assert catalog["dcat:dataset"] == []
    assert "dct:modified" not in catalog
    assert catalog["dct:license"]["@id"] == CC_BY


def test_the_publisher_and_licence_follow_the_settings(client, published, settings):
    settings.OPEN_DATA_PUBLISHER = "寄り合い町 情報政策課"
    settings.OPEN_DATA_LICENCE = {
        "name": "公共データ利用規約（第1.0版）",
        "url": "https://www.digital.go.jp/resources/open_data/public_data_license_v1.0",
    }

    catalog = catalog_get(client).json()

    assert catalog["dct:publisher"]["foaf:name"] == "寄り合い町 情報政策課"
    assert catalog["dct:license"]["dct:title"] == "公共データ利用規約（第1.0版）"
    distribution = catalog["dcat:dataset"][0]["dcat:distribution"][0]
    assert distribution["dct:license"]["@id"] == settings.OPEN_DATA_LICENCE["url"]


def test_the_english_catalog_names_the_same_datasets(client, published):
    catalog = catalog_get(client, "/en/opendata/catalog.jsonld").json()

    assert catalog["dct:title"] == "Yoriai 寄り合い open data"
    assert catalog["@id"] == CATALOG_URL
    assert catalog["dcat:dataset"][1]["@id"] == (
        "http://testserver/opendata/survey-12/metadata.jsonld"
    )


def test_data_json_lists_every_dataset_in_the_project_open_data_shape(client, published):
    response = catalog_get(client, "/opendata/data.json")

    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    document = json.loads(response.content)
    assert document["conformsTo"] == "https://project-open-data.cio.gov/v1.1/schema"
    assert [dataset["identifier"] for dataset in document["dataset"]] == ["topic-34", "survey-12"]
    survey = document["dataset"][1]
    assert set(survey) == {
        "@type",
        "identifier",
        "title",
        "description",
        "keyword",
        "issued",
        "modified",
        "landingPage",
        "license",
        "accessLevel",
        "publisher",
        "distribution",
    }
    assert survey["title"] == SURVEY.title
    assert survey["modified"] == "2026-12-01T22:30:00+09:00"
    assert survey["landingPage"] == SURVEY.page_url
    assert survey["license"] == CC_BY
    assert survey["publisher"] == {"@type": "org:Organization", "name": "Yoriai 寄り合い"}
    assert survey["distribution"][0] == {
        "@type": "dcat:Distribution",
        "title": f"{SURVEY.title} (CSV)",
        "downloadURL": "http://testserver/opendata/survey-12.csv",
        "mediaType": "text/csv",
        "format": "CSV",
        "describedBy": SURVEY.schema_url,
    }
    assert "describedBy" not in document["dataset"][0]["distribution"][0]


def test_data_json_answers_304_to_its_etag(client, published):
    etag = catalog_get(client, "/opendata/data.json")["ETag"]

    response = client.get("/opendata/data.json", headers={"If-None-Match": etag})

    assert response.status_code == 304
