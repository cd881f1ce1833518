"""Social-media previews: absolute og and twitter tags on every page, and a 1200×630 PNG per item."""

import io
import re

import pytest
from django.urls import reverse
from PIL import Image

pytestmark = pytest.mark.django_db


def meta(content: str, key: str) -> str:
    match = re.search(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)">', content)
    assert match, key
    return match.group(1)


def pages(everything):
    return [
        (reverse("results:index"), reverse("results:index_share")),
        (reverse("results:action_list"), reverse("results:index_share")),
        (reverse("results:statistics"), reverse("results:index_share")),
        (reverse("results:open_data"), reverse("results:index_share")),
        (
            reverse("results:period_detail", args=[everything["published"].period_id]),
            reverse("results:period_share", args=[everything["published"].period_id]),
        ),
        (
            reverse("results:action_detail", args=[everything["public_action"].pk]),
            reverse("results:action_share", args=[everything["public_action"].pk]),
        ),
    ]


def test_every_page_has_absolute_preview_tags(client, everything):
    for path, image in pages(everything):
        content = client.get(path).content.decode()
        assert meta(content, "og:url") == f"http://testserver{path}"
        assert meta(content, "og:image") == f"http://testserver{image}"
        assert meta(content, "og:title") and meta(content, "og:description")
        assert meta(content, "og:type") in {"website", "article"}
        assert meta(content, "twitter:card") == "summary_large_image"
        assert meta(content, "twitter:title") == meta(content, "og:title")
        assert meta(content, "twitter:description") == meta(content, "og:description")


def test_the_period_preview_describes_the_period(client, everything):
    path = reverse("results:period_detail", args=[everything["published"].period_id])
    content = client.get(path).content.decode()
    assert meta(content, "og:title") == "Julkaistu jakso"
    assert meta(content, "og:description") == "Vastaukset muuttivat palautepalvelua."
    assert meta(content, "og:type") == "article"


@pytest.mark.parametrize("which", ["index", "period", "action"])
def test_the_share_image_is_a_1200_by_630_png(client, everything, which):
    path = {
        "index": reverse("results:index_share"),
        "period": reverse("results:period_share", args=[everything["published"].period_id]),
        "action": reverse("results:action_share", args=[everything["public_action"].pk]),
    }[which]
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "public" in response["Cache-Control"] and "max-age=" in response["Cache-Control"]
    image = Image.open(io.BytesIO(response.content))
    assert image.format == "PNG" and image.size == (1200, 630)


def test_a_long_title_still_fits(client, everything, manager):
    action = everything["public_action"]
    action.title = "Pitkä otsikko " * 14
    action.save()
    response = client.get(reverse("results:action_share", args=[action.pk]))
    assert Image.open(io.BytesIO(response.content)).size == (1200, 630)


def test_an_image_is_drawn_once_and_redrawn_when_its_title_changes(client, everything, monkeypatch):
    from results import share

    drawn = []
    original = share._draw
    monkeypatch.setattr(share, "_draw", lambda **texts: drawn.append(texts["title"]) or original(**texts))
    action = everything["public_action"]
    url = reverse("results:action_share", args=[action.pk])
    first = client.get(url).content
    assert client.get(url).content == first
    assert drawn == [action.title]
    action.title = "Uusi otsikko"
    action.save()
    assert client.get(url).content != first
    assert drawn == [drawn[0], "Uusi otsikko"]
