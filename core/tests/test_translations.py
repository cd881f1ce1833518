"""Every page exists in Finnish, Swedish and English: the catalogues are complete and used."""

from pathlib import Path

import polib
import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

CATALOGUES = [Path(settings.BASE_DIR) / "locale" / code / "LC_MESSAGES" / "django.po" for code in ("fi", "sv")]


@pytest.mark.parametrize("path", CATALOGUES, ids=["fi", "sv"])
def test_every_string_is_translated(path):
    catalogue = polib.pofile(str(path))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert not untranslated, f"{len(untranslated)} untranslated, e.g. {untranslated[:5]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy, e.g. {fuzzy[:5]}"


@pytest.mark.parametrize("path", CATALOGUES, ids=["fi", "sv"])
def test_translations_keep_their_placeholders(path):
    import re

    placeholder = re.compile(r"%\(\w+\)[sd]")
    for entry in polib.pofile(str(path)).translated_entries():
        expected = sorted(placeholder.findall(entry.msgid))
        found = sorted(placeholder.findall(entry.msgstr or entry.msgstr_plural.get(0, "")))
        assert found == expected, entry.msgid


@pytest.mark.parametrize(("prefix", "text"), [("fi", "Kirjaudu sisään"), ("sv", "Logga in"), ("en", "Log in")])
def test_the_login_page_speaks_each_language(client, prefix, text):
    assert text in client.get(f"/{prefix}/login/").content.decode()
