"""The opinion_groups management command: files, headers, the JSON line and refusals."""

import csv
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

FIXTURE = Path(__file__).parent / "data" / "opinion_votes.csv"


def _read(path):
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_it_writes_groups_representative_and_consensus(tmp_path):
    out = tmp_path / "out"
    stdout = StringIO()
    call_command("opinion_groups", votes=str(FIXTURE), out=str(out), seed=1, stdout=stdout)
    groups = _read(out / "groups.csv")
    assert groups[0] == ["participant", "group"]
    # One fixture voter cast only six of nine votes and is left out.
    assert len(groups) == 1 + 23
    assert _read(out / "representative.csv")[0] == ["group", "statement", "direction", "score"]
    assert len(_read(out / "representative.csv")) > 1
    assert _read(out / "consensus.csv")[0] == ["statement", "direction", "score"]
    summary = json.loads(stdout.getvalue().strip().splitlines()[-1])
    assert summary["groups"] == 3
    assert summary["participants_clustered"] == 23
    assert set(summary) == {"groups", "participants_clustered", "silhouette", "stability"}


def test_the_vote_with_the_latest_timestamp_wins(tmp_path):
    # The fixture's last row is an older disagree from voter 00 on statement 0; it must not count.
    rows = _read(FIXTURE)
    assert rows[-1][2:] == ["0", "00", "-1"]
    out = tmp_path / "out"
    call_command("opinion_groups", votes=str(FIXTURE), out=str(out), stdout=StringIO())
    group_of = dict(_read(out / "groups.csv")[1:])
    assert group_of["00"] == group_of["01"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "file not found"),
        ("voter-id,vote\n1,1\n", "missing column(s) comment-id"),
        ("voter-id,comment-id,vote\n1,1,2\n", "vote must be -1, 0 or 1"),
        ("voter-id,comment-id,vote\n1,1,agree\n", "vote must be -1, 0 or 1"),
        ("voter-id,comment-id,vote\n1,1,1\n2,1,-1\n", "too few participants"),
    ],
)
def test_it_refuses_bad_input_and_writes_nothing(tmp_path, content, message):
    votes = tmp_path / "votes.csv"
    if content is not None:
        _write(votes, content)
    out = tmp_path / "out"
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")) as error:
        call_command("opinion_groups", votes=str(votes), out=str(out), stdout=StringIO())
    assert error.value.returncode == 2
    assert "\n" not in str(error.value)
    assert not out.exists()
