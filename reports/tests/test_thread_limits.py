"""Every numerical analysis runs on one BLAS/OpenMP thread, whoever calls it (web, worker, command, bench)."""

from io import StringIO
from pathlib import Path

import numpy as np
import pytest
from django.core.management import call_command
from threadpoolctl import threadpool_info

from bench.text_themes import load_fixture
from periods.models import QuestionKind
from periods.tests.factories import QuestionFactory
from reports import text_service
from reports.analysis import opinion_groups as groups_module
from reports.analysis import text as reading
from reports.management.commands import opinion_groups as groups_command
from reports.management.commands import text_themes as themes_command
from reports.tests.test_text_service import _answers

VOTES = Path(__file__).parent / "data" / "opinion_votes.csv"


def most_threads() -> int:
    return max((pool["num_threads"] for pool in threadpool_info()), default=1)


@pytest.fixture
def seen(monkeypatch):
    """Thread counts seen inside the wrapped functions (and a check that the machine could use more)."""
    threads: list[int] = []

    def watch(module, name):
        original = getattr(module, name)

        def watched(*args, **kwargs):
            threads.append(most_threads())
            return original(*args, **kwargs)

        monkeypatch.setattr(module, name, watched)

    return threads, watch


def test_opinion_groups_use_one_thread(seen):
    threads, watch = seen
    watch(groups_module, "_choose_k")
    rng = np.random.default_rng(1)
    votes = [(f"p{p}", f"s{s}", int(rng.choice([-1, 1]))) for p in range(30) for s in range(10)]
    groups_module.opinion_groups(votes, seed=1, bootstrap=2)
    assert threads == [1]


def test_the_commands_use_one_thread(seen, tmp_path):
    threads, watch = seen
    watch(groups_command, "opinion_groups")
    watch(themes_command, "text_themes")
    call_command("opinion_groups", votes=str(VOTES), out=str(tmp_path / "groups"), stdout=StringIO())
    ids, texts, _labels = load_fixture()
    answers = tmp_path / "answers.csv"
    answers.write_text("id,text\n" + "".join(f'{i},"{t}"\n' for i, t in zip(ids[:24], texts[:24], strict=True)))
    call_command("text_themes", answers=str(answers), lang="fi", out=str(tmp_path / "themes"), stdout=StringIO())
    assert threads == [1, 1]


@pytest.mark.django_db
def test_the_analysis_on_save_uses_one_thread(seen):
    threads, watch = seen
    watch(reading, "answer_vectors")
    question = QuestionFactory(kind=QuestionKind.TEXT)
    text_service.answer_analyse(_answers(question, ["Bussit kulkevat liian harvoin iltaisin."]))
    assert threads == [1]
