"""`manage.py select_panel` on Sortition Foundation files: outputs, the JSON line, and exit code 2."""

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

FEATURES = "feature,value,min,max\nage,young,1,2\nage,old,1,2\nplace,a,1,3\nplace,b,0,2\nplace,c,0,0\n"
PEOPLE = (
    "person_id,place,email,age\n"
    "1,a,x@example.fi,young\n2,b,y@example.fi,young\n3,a,,old\n4,a,,old\n5,b,,old\n6,a,,young\n7,c,,old\n"
)


@pytest.fixture
def files(tmp_path: Path) -> Path:
    (tmp_path / "f.csv").write_text(FEATURES)
    (tmp_path / "p.csv").write_text(PEOPLE)
    return tmp_path


def select(files: Path, capsys, *extra: str) -> dict:
    call_command(
        "select_panel",
        f"--features={files / 'f.csv'}",
        f"--people={files / 'p.csv'}",
        "--size=3",
        "--seed=Lotto 12",
        f"--out={files / 'out'}",
        *extra,
    )
    return json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def test_it_writes_chances_for_everyone_and_zero_for_a_value_with_maximum_zero(files, capsys):
    summary = select(files, capsys, "--panels=100")
    assert summary["panels"] <= 100 and summary["stages_done"] >= 1
    assert summary["min_probability"] == 0.0 == summary["lp_min_probability"]
    rows = list(csv.reader((files / "out" / "probabilities.csv").open()))
    assert rows[0] == ["id", "probability"]
    chances = {person: float(chance) for person, chance in rows[1:]}
    assert list(chances) == ["1", "2", "3", "4", "5", "6", "7"]
    assert chances["7"] == 0.0
    assert sum(chances.values()) == pytest.approx(3)
    selected = [row[0] for row in csv.reader((files / "out" / "selected.csv").open())]
    assert selected[0] == "id" and len(selected) == 4 and "7" not in selected


def test_it_selects_the_panel_that_draw_picks_from_the_same_lottery(files, capsys):
    from recruitment.management.commands.select_panel import _numeric
    from recruitment.selection import compute_lottery, draw
    from recruitment.sortition_csv import parse_features, parse_people

    select(files, capsys)
    quotas = parse_features(FEATURES)
    people = parse_people(PEOPLE, quotas)
    lottery = compute_lottery(people, quotas, 3, greedy_runs=0, seed=_numeric("Lotto 12"))
    selected = [row[0] for row in csv.reader((files / "out" / "selected.csv").open())][1:]
    assert selected == draw(lottery.panels, "Lotto 12")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"f.csv": "feature,value,min\nage,young,1\n"}, "missing columns: max"),
        ({"p.csv": "person_id,age,place\n1,young,z\n"}, "z"),
        (
            {"f.csv": "feature,value,min,max\nage,young,0,1\nage,old,0,1\nplace,a,0,3\nplace,b,0,3\nplace,c,0,3\n"},
            "age",
        ),
        ({"f.csv": ""}, "empty"),
    ],
)
def test_it_refuses_bad_input_with_code_2(files, capsys, change, message):
    for name, text in change.items():
        (files / name).write_text(text)
    with pytest.raises(CommandError, match=message) as error:
        select(files, capsys)
    assert error.value.returncode == 2
    assert not (files / "out" / "selected.csv").exists()


def test_it_exits_with_code_2_and_one_line_on_stderr(files):
    (files / "f.csv").write_text("feature,value,min,max\nage,young,3,3\nage,old,3,3\nplace,a,0,3\nplace,b,0,3\n")
    (files / "p.csv").write_text(PEOPLE.replace(",c,", ",b,"))
    arguments = [
        "--features",
        files / "f.csv",
        "--people",
        files / "p.csv",
        "--size",
        3,
        "--seed",
        1,
        "--out",
        files / "out",
    ]
    done = subprocess.run(  # noqa: S603 (our own manage.py with fixed arguments)
        [sys.executable, "manage.py", "select_panel", *map(str, arguments)],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1
    assert "age" in done.stderr
