"""The text_themes management command: files, headers, the JSON line and refusals."""

import csv
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from bench.text_themes import FIXTURE, coded_examples, load_fixture


def _write(path, header, rows):
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _read(path):
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


@pytest.fixture(scope="module")
def answers():
    ids, texts, labels = load_fixture()
    return ids[:48], texts[:48], labels[:48]


def test_it_writes_themes_keywords_and_suggestions(tmp_path, answers):
    ids, texts, labels = answers
    answers_csv = _write(tmp_path / "answers.csv", ["id", "text"], zip(ids, texts, strict=True))
    coded = coded_examples(labels)
    codes_csv = _write(tmp_path / "codes.csv", ["id", "code"], [[ids[i], code] for i, code in coded.items()])
    out = tmp_path / "out"
    stdout = StringIO()
    call_command(
        "text_themes", answers=str(answers_csv), lang="fi", out=str(out), themes=6, codes=str(codes_csv), stdout=stdout
    )
    summary = json.loads(stdout.getvalue().strip().splitlines()[-1])
    assert summary["themes"] == 6 and summary["runtime_s"] >= 0
    themes = _read(out / "themes.csv")
    assert themes[0] == ["id", "theme"] and [row[0] for row in themes[1:]] == ids
    assert {int(row[1]) for row in themes[1:]} == set(range(6))
    keywords = _read(out / "keywords.csv")
    assert keywords[0] == ["theme", "keyword", "weight"] and len(keywords) > 6
    suggestions = _read(out / "suggestions.csv")
    assert suggestions[0] == ["id", "code", "confidence"]
    assert [row[0] for row in suggestions[1:]] == [ids[i] for i in range(len(ids)) if i not in coded]
    assert all(0 <= float(row[2]) <= 1 for row in suggestions[1:])


def test_it_chooses_the_number_of_themes_without_codes(tmp_path, answers):
    ids, texts, _ = answers
    answers_csv = _write(tmp_path / "answers.csv", ["id", "text"], zip(ids, texts, strict=True))
    stdout = StringIO()
    call_command("text_themes", answers=str(answers_csv), lang="fi", out=str(tmp_path / "out"), stdout=stdout)
    summary = json.loads(stdout.getvalue().strip().splitlines()[-1])
    assert 2 <= summary["themes"] <= 10
    assert not (tmp_path / "out" / "suggestions.csv").exists()


@pytest.mark.parametrize(
    ("answers_rows", "header", "lang", "codes_rows"),
    [
        (None, ["id", "text"], "fi", None),
        ([["1", "jono"]], ["id", "body"], "fi", None),
        ([["1", "jono"], ["2", " "]], ["id", "text"], "fi", None),
        ([["1", "jono"], ["2", "hoitaja"]], ["id", "text"], "de", None),
        ([["1", "jono"], ["2", "hoitaja"]], ["id", "text"], "fi", [["9", "jonot"]]),
    ],
    ids=["missing-file", "missing-column", "empty-text", "unknown-language", "unknown-coded-id"],
)
def test_it_refuses_bad_input_and_writes_nothing(tmp_path, answers_rows, header, lang, codes_rows):
    answers_csv = tmp_path / "answers.csv"
    if answers_rows is not None:
        _write(answers_csv, header, answers_rows)
    options = {"answers": str(answers_csv), "lang": lang, "out": str(tmp_path / "out")}
    if codes_rows is not None:
        options["codes"] = str(_write(tmp_path / "codes.csv", ["id", "code"], codes_rows))
    with pytest.raises(CommandError) as error:
        call_command("text_themes", **options)
    assert error.value.returncode == 2
    assert "\n" not in str(error.value)
    assert not (tmp_path / "out").exists()


def test_the_fixture_is_hand_labelled_in_six_themes():
    ids, texts, labels = load_fixture(FIXTURE)
    assert 80 <= len(texts) <= 120 and len(set(ids)) == len(ids)
    assert len(set(labels)) == 6
