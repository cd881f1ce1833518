"""Survey questions: every kind with its settings, options as lines, conditions, order, bad input."""

import pytest

from periods.models import Answer, Question, Response
from periods.tests.factories import PeriodFactory, QuestionFactory, TaskFactory, options

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(sote):
    return TaskFactory(period=PeriodFactory(organisations=[sote]))


def url(task, rest="questions/new/") -> str:
    return f"/fi/staff/periods/{task.period_id}/tasks/{task.pk}/{rest}"


def post(client, task, rest="questions/new/", **data):
    return client.post(url(task, rest), {"max_size_mb": "5", "text_fi": "Kysymys?", **data})


def test_options_are_read_one_per_line(manager_client, task):
    response = post(
        manager_client,
        task,
        kind="single",
        choices_text="Hyvä\nHuono\n\nc1|Ei osaa sanoa|Vet ej|Don't know",
        allow_other="on",
    )
    assert response.status_code == 302
    question = Question.objects.get()
    assert question.choices == [
        {"value": "a", "fi": "Hyvä", "sv": "", "en": ""},
        {"value": "b", "fi": "Huono", "sv": "", "en": ""},
        {"value": "c1", "fi": "Ei osaa sanoa", "sv": "Vet ej", "en": "Don't know"},
    ]
    assert question.allow_other and question.order == 1


def test_automatic_values_skip_the_given_ones(manager_client, task):
    post(manager_client, task, kind="multiple", choices_text="a|Eka\nToka\nKolmas", min_picks="1", max_picks="2")
    assert [c["value"] for c in Question.objects.get().choices] == ["a", "b", "c"]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kind": "single", "choices_text": "Vain yksi"}, "choices_text"),
        ({"kind": "likert", "choices_text": ""}, "choices_text"),
        ({"kind": "single", "choices_text": "a|Yksi\na|Kaksi"}, "choices_text"),
        ({"kind": "single", "choices_text": "a b|Yksi\nc|Kaksi"}, "choices_text"),
        ({"kind": "single", "choices_text": "a|\nb|Kaksi"}, "choices_text"),
        ({"kind": "single", "choices_text": "a|1|2|3|4\nb|Kaksi"}, "choices_text"),
        ({"kind": "text", "min_length": "50", "max_length": "10"}, "min_length"),
        ({"kind": "multiple", "choices_text": "A\nB", "min_picks": "3", "max_picks": "1"}, "min_picks"),
        ({"kind": "multiple", "choices_text": "A\nB", "max_picks": "3"}, "max_picks"),
        ({"kind": "upload"}, "upload_types"),
        ({"kind": "upload", "upload_types": ["exe"]}, "upload_types"),
        ({"kind": "upload", "upload_types": ["pdf"], "max_size_mb": "500"}, "max_size_mb"),
        ({"kind": "text", "allow_other": "on"}, "allow_other"),
        ({"kind": "bogus"}, "kind"),
        ({"kind": "text", "text_fi": ""}, "text_fi"),
        ({"kind": "text", "show_if_value": "yes"}, "show_if_question"),
    ],
)
def test_bad_settings_are_refused(manager_client, task, data, field):
    response = post(manager_client, task, **data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Question.objects.exists()


def test_a_condition_names_an_earlier_question_and_one_of_its_values(manager_client, task):
    yesno = QuestionFactory(task=task, kind="yesno", order=1)
    text = QuestionFactory(task=task, kind="text", order=2)
    other_task_question = QuestionFactory(kind="yesno")
    bad = post(manager_client, task, kind="text", show_if_question=str(yesno.pk), show_if_value="maybe")
    assert "show_if_value" in bad.context["form"].errors
    bad = post(manager_client, task, kind="text", show_if_question=str(text.pk), show_if_value="x")
    assert "show_if_question" in bad.context["form"].errors
    bad = post(manager_client, task, kind="text", show_if_question=str(other_task_question.pk), show_if_value="yes")
    assert "show_if_question" in bad.context["form"].errors
    good = post(manager_client, task, kind="text", show_if_question=str(yesno.pk), show_if_value="yes")
    assert good.status_code == 302
    # Editing the first question cannot make it depend on a later one.
    edit = post(
        manager_client,
        task,
        f"questions/{yesno.pk}/edit/",
        kind="yesno",
        show_if_question=str(text.pk),
        show_if_value="x",
    )
    assert "show_if_question" in edit.context["form"].errors


def test_editing_keeps_option_values_once_answered(manager_client, member, task):
    question = QuestionFactory(task=task, kind="single", choices=options("Hyvä", "Huono"))
    page = manager_client.get(url(task, f"questions/{question.pk}/edit/"))
    assert page.context["form"].initial["choices_text"] == "a|Hyvä||Hyvä\nb|Huono||Huono"
    Answer.objects.create(response=Response.objects.create(task=task, member=member), question=question, value="a")
    bad = post(manager_client, task, f"questions/{question.pk}/edit/", kind="single", choices_text="c|Uusi\nd|Toinen")
    assert "choices_text" in bad.context["form"].errors
    bad = post(manager_client, task, f"questions/{question.pk}/edit/", kind="text", choices_text="")
    assert "kind" in bad.context["form"].errors
    good = post(
        manager_client,
        task,
        f"questions/{question.pk}/edit/",
        kind="single",
        choices_text="a|Tosi hyvä\nb|Huono\nc|Uusi",
    )
    assert good.status_code == 302
    question.refresh_from_db()
    assert [c["fi"] for c in question.choices] == ["Tosi hyvä", "Huono", "Uusi"]


@pytest.mark.parametrize(
    ("data", "check"),
    [
        (
            {"kind": "text", "min_length": "10", "max_length": "500", "required": "on"},
            lambda q: q.required and q.max_length == 500,
        ),
        ({"kind": "scale5", "low_label_fi": "Huono", "high_label_fi": "Hyvä"}, lambda q: q.low_label_fi == "Huono"),
        ({"kind": "scale10"}, lambda q: q.choices == []),
        ({"kind": "ranking", "choices_text": "A\nB\nC"}, lambda q: len(q.choices) == 3),
        ({"kind": "likert", "choices_text": "Rivi 1\nRivi 2"}, lambda q: len(q.choices) == 2),
        ({"kind": "yesno"}, lambda q: q.kind == "yesno"),
        (
            {"kind": "upload", "upload_types": ["image", "pdf"], "max_size_mb": "3"},
            lambda q: q.upload_types == ["image", "pdf"] and q.max_size_mb == 3,
        ),
    ],
)
def test_every_kind_is_saved_with_its_settings(manager_client, task, data, check):
    assert post(manager_client, task, **data).status_code == 302
    assert check(Question.objects.get())


def test_questions_move_but_not_above_their_condition(manager_client, task):
    first = QuestionFactory(task=task, kind="yesno", order=1)
    second = QuestionFactory(task=task, kind="text", order=2, show_if_question=first, show_if_value="yes")
    third = QuestionFactory(task=task, kind="text", order=3)
    manager_client.post(url(task, f"questions/{second.pk}/move/"), {"direction": "up"})
    assert list(task.questions.order_by("order").values_list("pk", flat=True)) == [first.pk, second.pk, third.pk]
    manager_client.post(url(task, f"questions/{third.pk}/move/"), {"direction": "up"})
    assert list(task.questions.order_by("order").values_list("pk", flat=True)) == [first.pk, third.pk, second.pk]


def test_deleting_a_question_clears_conditions_on_it(manager_client, task):
    first = QuestionFactory(task=task, kind="yesno", order=1)
    second = QuestionFactory(task=task, kind="text", order=2, show_if_question=first, show_if_value="yes")
    assert manager_client.get(url(task, f"questions/{first.pk}/delete/")).status_code == 405
    manager_client.post(url(task, f"questions/{first.pk}/delete/"))
    second.refresh_from_db()
    assert second.show_if_question is None and second.show_if_value == ""


def test_an_answered_question_of_an_open_period_is_not_deleted(manager_client, member, task):
    question = QuestionFactory(task=task)
    Answer.objects.create(response=Response.objects.create(task=task, member=member), question=question, value="x")
    manager_client.post(url(task, f"questions/{question.pk}/delete/"))
    assert Question.objects.filter(pk=question.pk).exists()


def test_a_question_of_another_task_is_not_found(manager_client, task):
    other = QuestionFactory()
    assert manager_client.get(url(task, f"questions/{other.pk}/edit/")).status_code == 404


def test_only_survey_tasks_have_questions(manager_client, sote):
    diary = TaskFactory(period=PeriodFactory(organisations=[sote]), kind="diary")
    assert manager_client.get(url(diary)).status_code == 403


@pytest.mark.parametrize("count", [3, 30])
def test_the_question_form_has_a_fixed_query_budget(manager_client, task, count, django_assert_max_num_queries):
    questions = QuestionFactory.create_batch(count, task=task, kind="single", choices=options("A", "B"))
    with django_assert_max_num_queries(9):
        assert manager_client.get(url(task)).status_code == 200
    with django_assert_max_num_queries(10):
        assert manager_client.get(url(task, f"questions/{questions[-1].pk}/edit/")).status_code == 200


def test_a_question_keeps_the_answers_later_questions_depend_on(manager_client, task):
    first = QuestionFactory(task=task, kind="single", choices=options("A", "B"), order=1)
    QuestionFactory(task=task, kind="text", order=2, show_if_question=first, show_if_value="b")
    bad = post(manager_client, task, f"questions/{first.pk}/edit/", kind="text")
    assert bad.context["form"].non_field_errors()
    bad = post(manager_client, task, f"questions/{first.pk}/edit/", kind="single", choices_text="a|A\nc|C")
    assert bad.context["form"].non_field_errors()
    good = post(manager_client, task, f"questions/{first.pk}/edit/", kind="multiple", choices_text="a|A\nb|B")
    assert good.status_code == 302


def test_a_condition_on_the_task_page_names_the_options_words(manager_client, task):
    first = QuestionFactory(task=task, kind="yesno", order=1, text_fi="Käytitkö palvelua?")
    QuestionFactory(task=task, kind="text", order=2, show_if_question=first, show_if_value="yes")
    page = manager_client.get(url(task, "")).content.decode()
    assert "jos ”Käytitkö palvelua?” on kyllä" in page and " on yes" not in page
