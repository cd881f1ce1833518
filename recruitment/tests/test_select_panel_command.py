import csv
import json

import pytest
from django.core.management import CommandError, call_command

FEATURES = "feature,value,min,max\nage,young,1,2\nage,old,1,2\nplace,a,1,3\nplace,b,0,2\n"
PEOPLE = "id,age,place,name\n1,young,a,x\n2,young,b,x\n3,old,a,x\n4,old,a,x\n5,old,b,x\n6,young,a,x\n"


@pytest.fixture
def files(tmp_path):
    (tmp_path / "f.csv").write_text(FEATURES)
    (tmp_path / "p.csv").write_text(PEOPLE)
    return tmp_path


def run(files, capsys, **overrides):
    arguments = {"features": files / "f.csv", "people": files / "p.csv", "size": 3, "seed": "42", "out": files / "out"}
    arguments.update(overrides)
    call_command("select_panel", *[f"--{key}={value}" for key, value in arguments.items()])
    return json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def test_it_writes_the_selection_the_chances_and_a_json_summary(files, capsys):
    summary = run(files, capsys)
    assert set(summary) == {"runtime_s", "min_probability", "lp_min_probability", "gini", "panels", "stages_done"}
    assert summary["min_probability"] == pytest.approx(0.5)
    selected = list(csv.reader((files / "out" / "selected.csv").open()))
    assert selected[0] == ["id"] and len(selected) == 4
    chances = dict(list(csv.reader((files / "out" / "probabilities.csv").open()))[1:])
    assert set(chances) == {"1", "2", "3", "4", "5", "6"}
    assert sum(float(p) for p in chances.values()) == pytest.approx(3)


def test_the_same_seed_selects_the_same_panel(files, capsys):
    run(files, capsys)
    first = (files / "out" / "selected.csv").read_text()
    run(files, capsys)
    assert (files / "out" / "selected.csv").read_text() == first


@pytest.mark.parametrize(
    ("people", "features", "message"),
    [
        ("id,age,place\n1,middle,a\n", FEATURES, "middle"),
        ("id,age\n1,young\n", FEATURES, "place"),
        ("", FEATURES, "empty"),
        (PEOPLE, "feature,value,min,max\nage,young,3,3\nage,old,3,3\nplace,a,0,3\nplace,b,0,3\n", "age"),
    ],
)
def test_bad_files_and_infeasible_quotas_exit_with_code_2(files, capsys, people, features, message):
    (files / "p.csv").write_text(people)
    (files / "f.csv").write_text(features)
    with pytest.raises(CommandError, match=message) as error:
        run(files, capsys)
    assert error.value.returncode == 2


def test_a_file_in_another_encoding_is_refused(files, capsys):
    (files / "p.csv").write_bytes(PEOPLE.replace("x", "ä").encode("utf-16"))
    with pytest.raises(CommandError, match="UTF-8") as error:
        run(files, capsys)
    assert error.value.returncode == 2
