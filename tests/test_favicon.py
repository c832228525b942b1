"""The site's icon: served at /favicon.ico (where the admin's pages make browsers look) and linked from every page."""

import re
from pathlib import Path

import pytest
from django.conf import settings

ICON = Path(settings.BASE_DIR) / "static" / "root" / "favicon.ico"


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_favicon_is_served_at_the_root(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    body = _body(response)
    assert body == ICON.read_bytes()
    assert body[:4] == b"\x00\x00\x01\x00"  # an ICO file


@pytest.mark.django_db
def test_pages_link_the_icon_and_the_link_serves_it(client):
    page = client.get("/accounts/login/").content.decode()
    links = re.findall(r'<link rel="icon" href="([^"]+)"', page)
    assert any(href.endswith(".ico") for href in links), links
    for href in links:
        response = client.get(href)
        assert response.status_code == 200, href
    ico = next(href for href in links if href.endswith(".ico"))
    assert _body(client.get(ico)) == ICON.read_bytes()
