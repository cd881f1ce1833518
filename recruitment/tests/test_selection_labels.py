"""Staff read the quotas and the selection's progress in their language, never as codes."""

import pytest
from django.utils import translation

from recruitment.models import SelectionRun
from recruitment.models.selection import PROGRESS_STEPS, progress_message_of
from recruitment.quotas import quota_problems
from recruitment.selection import compute_lottery
from recruitment.tests.test_selection_flow import ready_round, start  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def selection_page(client, round, language="fi") -> str:
    return client.get(f"/{language}/staff/recruitment/{round.pk}/selection/").content.decode()


def test_the_quota_table_of_a_lottery_shows_the_values_labels(
    manager_client,
    ready_round,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    start(manager_client, ready_round, django_capture_on_commit_callbacks)
    assert SelectionRun.objects.get().status == "done"
    page = selection_page(manager_client, ready_round)
    assert "Sukupuoli: nainen" in page and "Äidinkieli: suomi" in page
    assert ": female<" not in page and ": fi<" not in page


def test_a_quota_problem_names_the_values_label(ready_round):  # noqa: F811
    with translation.override("fi"):
        problems = " ".join(quota_problems(ready_round, {"gender": {"female": (9, 9)}}))
    assert "Sukupuoli ”nainen”" in problems and "female" not in problems


def test_the_population_figures_show_labels(manager_client):
    page = manager_client.get("/fi/staff/recruitment/population/").content.decode()
    assert "<td>nainen</td>" in page and "<td>female</td>" not in page


@pytest.mark.parametrize(
    ("language", "text"), [("fi", "vaihe 4: 71/163 tyyppiä kiinnitetty"), ("sv", "steg 4: 71 av 163 typer fastställda")]
)
def test_the_progress_reads_in_the_pages_language(manager_client, manager, ready_round, language, text):  # noqa: F811
    SelectionRun.objects.create(
        round=ready_round,
        created_by=manager,
        status=SelectionRun.Status.RUNNING,
        size=6,
        progress=40,
        progress_message=progress_message_of("stage", {"stage": 4, "fixed": 71, "types": 163}),
    )
    page = selection_page(manager_client, ready_round, language)
    assert text in page and "types fixed" not in page


def test_every_step_the_selection_reports_has_words():
    steps = []
    people = {str(n): {"gender": ["female", "male"][n % 2]} for n in range(8)}
    compute_lottery(
        people,
        {"gender": {"female": (1, 3), "male": (1, 3)}},
        4,
        lottery_size=10,
        greedy_runs=10,
        on_progress=lambda percent, step, figures: steps.append((step, figures)),
    )
    assert {step for step, _figures in steps} - {"done"} <= set(PROGRESS_STEPS)
    assert ("types", {"people": 8, "types": 2}) in steps


def test_a_run_from_before_shows_no_stray_code(manager, ready_round):  # noqa: F811
    run = SelectionRun(round=ready_round, created_by=manager, size=6, progress_message="stage 4: 71 of 163 types fixed")
    assert run.progress_text == ""
