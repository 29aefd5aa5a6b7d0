"""The site's icons: /favicon.ico, the links in every layout, the web app manifest."""

import json

import pytest
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from PIL import Image

from tests.factories import StaffUserFactory


def test_favicon_ico_answers_instead_of_a_404_on_every_page(client, db):
    response = client.get("/favicon.ico")

    assert response.status_code == 302
    assert response["Location"] == "/static/icons/favicon.ico"
    assert finders.find("icons/favicon.ico")


def test_every_page_links_the_icons_and_the_manifest(client, home_page):
    html = client.get("/").content.decode()

    assert '<link rel="icon" href="/static/icons/favicon.svg" type="image/svg+xml">' in html
    assert '<link rel="apple-touch-icon" href="/static/icons/apple-touch-icon.png">' in html
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html


def test_error_pages_link_the_icons_too():
    assert 'rel="apple-touch-icon"' in render_to_string("500.html")


def test_the_staff_admin_shows_the_site_icon_not_wagtails(client, db):
    client.force_login(StaffUserFactory(groups=["Editors"]))

    html = client.get("/admin/").content.decode()

    assert '<link rel="icon" href="/static/icons/favicon.svg"' in html
    assert "wagtailadmin/images/favicon.ico" not in html


def test_the_manifest_names_the_site_and_lists_icons_that_exist(client, db):
    response = client.get("/manifest.webmanifest")
    manifest = json.loads(response.content)

    assert response["Content-Type"] == "application/manifest+json"
    assert manifest["short_name"] == "寄り合い"
    assert manifest["theme_color"] == "#173042"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        assert finders.find(icon["src"].removeprefix("/static/")), icon["src"]


@pytest.mark.parametrize(
    ("name", "size"),
    [("apple-touch-icon.png", 180), ("icon-192.png", 192), ("icon-512.png", 512)],
)
def test_the_png_icons_have_the_size_their_links_promise(name, size):
    with Image.open(finders.find(f"icons/{name}")) as image:
        assert image.size == (size, size)
