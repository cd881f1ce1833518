"""The themes page: automatic themes of open answers that staff accept, rename, drop or restore."""

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from audit.models import AuditEvent
from periods.models import Answer, QuestionKind
from periods.tests.factories import PeriodFactory, QuestionFactory, TaskFactory
from reports.models import Report, ReportStatus, Theme, ThemeStatus
from reports.tests.test_report_figures import answer, fill, respondents


@pytest.fixture(autouse=True)
def _english():
    """Pages under /en/ (reverse() follows the active language), so English text can be asserted."""
    with translation.override("en"):
        yield


@pytest.fixture
def themed(survey):
    """The filled survey with one theme of each status on its open question."""
    period, _task, *_rest, text = fill(survey)
    answers = list(Answer.objects.filter(question=text).order_by("pk"))
    ids = [a.pk for a in answers]
    themes = {
        "accepted": Theme.objects.create(
            question=text, label="Jonot", keywords=["jono", "odottaa"], answer_ids=ids[:2], quote_answer_ids=ids[:1]
        ),
        "suggested": Theme.objects.create(
            question=text,
            label="Ikä",
            keywords=[["vanha", 0.8], ["ikä", 0.5]],
            answer_ids=ids[5:],
            quote_answer_ids=ids[6:],
            order=1,
        ),
        "dropped": Theme.objects.create(question=text, label="Muuta", answer_ids=ids[2:5], quote_answer_ids=ids[3:4]),
    }
    Theme.objects.filter(pk=themes["accepted"].pk).update(status=ThemeStatus.ACCEPTED)
    Theme.objects.filter(pk=themes["dropped"].pk).update(status=ThemeStatus.DROPPED)
    return period, text, answers, themes


def _page(period_id: int) -> str:
    return reverse("reports:themes", args=[period_id])


def _edit(period_id: int) -> str:
    return reverse("reports:theme_edit", args=[period_id])


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# Who may ---------------------------------------------------------------------------------------


def test_it_refuses_members(member_client, themed):
    period, _text, _answers, themes = themed
    assert member_client.get(_page(period.pk)).status_code == 403
    assert member_client.post(_edit(period.pk), {"theme": themes["suggested"].pk, "action": "drop"}).status_code == 403
    assert Theme.objects.get(pk=themes["suggested"].pk).status == ThemeStatus.SUGGESTED


def test_it_hides_themes_from_the_other_organisation(outsider_client, outsider, themed):
    period, _text, _answers, themes = themed
    assert outsider_client.get(_page(period.pk)).status_code == 404
    response = outsider_client.post(_edit(period.pk), {"theme": themes["suggested"].pk, "action": "drop"})
    assert response.status_code == 404
    assert AuditEvent.objects.filter(actor=outsider, action=AuditEvent.Action.ACCESS_DENIED).count() == 2
    assert Theme.objects.get(pk=themes["suggested"].pk).status == ThemeStatus.SUGGESTED


def test_it_sends_anonymous_visitors_to_login_and_refuses_get_on_edit(client, manager_client, themed):
    period = themed[0]
    for response in (client.get(_page(period.pk)), client.post(_edit(period.pk))):
        assert response.status_code == 302 and "login" in response["Location"]
    assert manager_client.get(_edit(period.pk)).status_code == 405


def test_it_refuses_a_theme_of_another_period(developer_client, developer, themed, sote):
    _period, _text, _answers, themes = themed
    other = PeriodFactory(organisations=[sote])
    response = developer_client.post(_edit(other.pk), {"theme": themes["suggested"].pk, "action": "drop"})
    assert response.status_code == 404
    assert AuditEvent.objects.filter(actor=developer, action=AuditEvent.Action.ACCESS_DENIED).count() == 1
    assert Theme.objects.get(pk=themes["suggested"].pk).status == ThemeStatus.SUGGESTED


# What it shows ---------------------------------------------------------------------------------


def test_it_lists_suggested_themes_first_then_accepted_and_dropped_collapsed(developer_client, themed):
    period, _text, _answers, _themes = themed
    html = developer_client.get(_page(period.pk)).content.decode()
    assert html.index(">Ikä <") < html.index(">Jonot <") < html.index("<details>") < html.index(">Muuta <")
    assert "1 dropped theme" in html


def test_it_shows_keywords_counts_and_quotes_but_no_pseudonyms(developer_client, themed):
    period, _text, _answers, _themes = themed
    page = developer_client.get(_page(period.pk))
    (section,) = page.context["sections"]
    suggested = section["shown"][0]
    assert suggested["keywords"] == ["vanha", "ikä"] and suggested["count"] == 3
    assert suggested["quotes"] == ["Vanhempi", "Vanhempi"]
    assert section["shown"][1]["quotes"] == ["Keski 0"] and section["shown"][1]["count"] == 2
    html = page.content.decode()
    assert "Keywords: vanha, ikä" in html and "3 answers" in html
    assert "Nimimerkki" not in html and "Resident Person" not in html and "@example" not in html.split("<footer")[0]


def test_it_quotes_only_submitted_existing_answers_of_the_themes_question(developer_client, themed):
    period, text, answers, themes = themed
    task = text.task
    other_question = QuestionFactory(task=task, kind=QuestionKind.TEXT)
    (late,) = respondents(period, 1)
    draft_answer = answer(task, late, {text: "Luonnos ei näy"}, submitted=False).answers.get()
    (other_user,) = respondents(period, 1)
    other_answer = answer(task, other_user, {other_question: "Toisen kysymyksen vastaus"}).answers.get()
    Theme.objects.filter(pk=themes["suggested"].pk).update(
        quote_answer_ids=[answers[7].pk, draft_answer.pk, other_answer.pk, 999999, "x"]
    )
    page = developer_client.get(_page(period.pk))
    suggested = page.context["sections"][0]["shown"][0]
    assert suggested["quotes"] == ["Vanhempi"]
    html = page.content.decode()
    assert "Luonnos ei näy" not in html and "Toisen kysymyksen vastaus" not in html


def test_it_says_when_a_question_has_no_themes(developer_client, survey):
    period = survey[0]
    html = developer_client.get(_page(period.pk)).content.decode()
    assert "Themes appear after the report is built" in html
    assert "computed on this server" in html and "No answer text leaves it" in html


def test_it_writes_an_audit_record_for_every_view(developer_client, developer, themed):
    period = themed[0]
    developer_client.get(_page(period.pk))
    event = AuditEvent.objects.get(actor=developer, action=AuditEvent.Action.ANSWERS_VIEWED)
    assert event.detail == {"view": "themes"}


def test_it_escapes_script_in_labels_and_quotes(developer_client, themed):
    period, _text, answers, themes = themed
    Answer.objects.filter(pk=answers[0].pk).update(value="<script>alert(1)</script>")
    Theme.objects.filter(pk=themes["accepted"].pk).update(label="<img src=x onerror=alert(2)>")
    html = developer_client.get(_page(period.pk)).content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html and "&lt;img src=x" in html


def test_it_links_the_page_from_the_report(developer_client, themed):
    period = themed[0]
    html = developer_client.get(reverse("reports:detail", args=[period.pk])).content.decode()
    assert f'href="{_page(period.pk)}"' in html


# Changes ---------------------------------------------------------------------------------------


def test_it_accepts_renames_drops_and_restores(developer_client, developer, themed):
    period, _text, _answers, themes = themed
    pk = themes["suggested"].pk
    response = developer_client.post(_edit(period.pk), {"theme": pk, "action": "accept"})
    assert response.status_code == 302 and response["Location"] == f"{_page(period.pk)}#theme-{pk}"
    assert Theme.objects.get(pk=pk).status == ThemeStatus.ACCEPTED
    developer_client.post(_edit(period.pk), {"theme": pk, "action": "rename", "label": "  Ikääntyneet  "})
    assert Theme.objects.get(pk=pk).label == "Ikääntyneet"
    developer_client.post(_edit(period.pk), {"theme": pk, "action": "drop"})
    assert Theme.objects.get(pk=pk).status == ThemeStatus.DROPPED
    developer_client.post(_edit(period.pk), {"theme": pk, "action": "restore"})
    theme = Theme.objects.get(pk=pk)
    assert (theme.status, theme.label) == (ThemeStatus.SUGGESTED, "Ikääntyneet")
    events = AuditEvent.objects.filter(actor=developer, action=AuditEvent.Action.THEME_EDITED).order_by("pk")
    assert [e.detail["action"] for e in events] == ["accept", "rename", "drop", "restore"]
    assert {e.object_id for e in events} == {str(pk)}


@pytest.mark.parametrize(
    "data",
    [
        {"action": "rename", "label": ""},
        {"action": "rename", "label": "   "},
        {"action": "rename", "label": "x" * 201},
        {"action": "rename"},
        {"action": "delete"},
        {"action": ""},
    ],
)
def test_it_refuses_bad_changes_with_a_message_and_changes_nothing(developer_client, themed, data):
    period, _text, _answers, themes = themed
    pk = themes["suggested"].pk
    response = developer_client.post(_edit(period.pk), {"theme": pk, **data})
    assert response.status_code == 302 and response["Location"] == f"{_page(period.pk)}#theme-{pk}"
    assert "Nothing was changed" in _messages(response)[0]
    theme = Theme.objects.get(pk=pk)
    assert (theme.label, theme.status) == ("Ikä", ThemeStatus.SUGGESTED)
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.THEME_EDITED).exists()


def test_it_refuses_a_theme_id_that_is_not_a_number(developer_client, themed):
    period = themed[0]
    response = developer_client.post(_edit(period.pk), {"theme": "x", "action": "drop"})
    assert response.status_code == 302 and response["Location"] == _page(period.pk)
    assert not Theme.objects.filter(status=ThemeStatus.DROPPED).exclude(label="Muuta").exists()


def test_it_refuses_theme_changes_once_the_report_is_delivered(developer_client, themed):
    period, _text, _answers, themes = themed
    Report.objects.update_or_create(period=period, defaults={"status": ReportStatus.DELIVERED})
    for data in ({"action": "drop"}, {"action": "rename", "label": "Uusi"}, {"action": "accept"}):
        response = developer_client.post(_edit(period.pk), {"theme": themes["suggested"].pk, **data})
        assert response.status_code == 302
        assert _messages(response)[-1] == "A delivered report cannot be changed."
    theme = Theme.objects.get(pk=themes["suggested"].pk)
    assert (theme.label, theme.status) == ("Ikä", ThemeStatus.SUGGESTED)
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.THEME_EDITED).exists()
    html = developer_client.get(_page(period.pk)).content.decode()
    assert "can no longer be changed" in html and 'name="action"' not in html


# Query budget ----------------------------------------------------------------------------------


def test_it_renders_the_page_in_a_fixed_number_of_queries(manager_client, sote, django_assert_max_num_queries):
    counts = []
    for size in (3, 30):
        period = PeriodFactory(organisations=[sote])
        task = TaskFactory(period=period)
        texts = [QuestionFactory(task=task, kind=QuestionKind.TEXT) for _ in range(2)]
        for user in respondents(period, size):
            answer(task, user, {texts[0]: "Jonossa odotin", texts[1]: "Hyvä palvelu"})
        for question in texts:
            ids = list(Answer.objects.filter(question=question).values_list("pk", flat=True))
            for i in range(3):
                Theme.objects.create(
                    question=question, label=f"Teema {i}", answer_ids=ids[i::3], quote_answer_ids=ids[i::3][:3]
                )
        manager_client.get(_page(period.pk))  # creates the report row
        with CaptureQueriesContext(connection) as queries:
            page = manager_client.get(_page(period.pk))
        counts.append(len(queries))
    assert [len(s["shown"]) for s in page.context["sections"]] == [3, 3]
    assert page.context["sections"][0]["shown"][0]["count"] == 10
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(11):
        manager_client.get(_page(period.pk))
