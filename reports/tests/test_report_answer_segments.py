"""Open answers by background segment: every filter first, then the segment and its complement, one variable."""

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from audit.models import AuditEvent
from periods.models import Answer, QuestionKind
from periods.tests.factories import PeriodFactory, QuestionFactory, TaskFactory
from reports.figures import answer_segments, open_answers
from reports.models import AnswerCoding, Code, Report
from reports.services import report_for
from reports.tests.test_report_figures import answer, respondents

# 20 respondents: (age group, mother tongue, how many). Ages 25–34: 6, 45–54: 6, 65–74: 5, 75+: 3;
# mother tongue Finnish 16, Swedish 2, other 2.
PANEL = [
    ("25-34", "fi", 5),
    ("25-34", "sv", 1),
    ("45-54", "fi", 5),
    ("45-54", "other", 1),
    ("65-74", "fi", 4),
    ("65-74", "sv", 1),
    ("75+", "fi", 2),
    ("75+", "other", 1),
]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def panel(sote):
    """A period whose 20 respondents each answer two open questions; the first 8 answers coded "Jonot"."""
    period = PeriodFactory(organisations=[sote])
    task = TaskFactory(period=period)
    first = QuestionFactory(task=task, kind=QuestionKind.TEXT)
    second = QuestionFactory(task=task, kind=QuestionKind.TEXT)
    users = [
        user
        for age, tongue, count in PANEL
        for user in respondents(period, count, age_group=age, mother_tongue=tongue, municipality="Kotka")
    ]
    for i, user in enumerate(users):
        answer(task, user, {first: f"Ensimmäinen {i}", second: f"Toinen {i}"})
    queues = Code.objects.create(period=period, name="Jonot")
    for open_answer in Answer.objects.filter(question=first).order_by("response__member_id")[:8]:
        AnswerCoding.objects.create(answer=open_answer, code=queues)
    return period, users, first, second, queues


def _page(client, period, **query):
    return client.get(reverse("reports:answers", args=[period.pk]), query)


def _with_variable(period, variable: str) -> Report:
    report = report_for(period)
    report.answer_filter_variable = variable
    report.save()
    return report


# The rule, in figures ----------------------------------------------------------------------------


def test_segments_are_decided_on_all_answers_and_leave_no_small_rest(panel):
    period, *_ = panel
    # 75+ (3) is under k; alone it would be everyone minus the others, so the smallest shown goes too.
    assert answer_segments(period, "age_group", k=5) == ["25-34", "45-54"]
    # Finnish is 16 of 20: the 4 others would be everyone minus the Finnish speakers.
    assert answer_segments(period, "mother_tongue", k=5) == []
    # Everyone is in Kotka: a segment of everyone has an empty complement.
    assert answer_segments(period, "municipality", k=5) == []
    assert answer_segments(period, "mother_tongue", k=2) == ["fi", "other", "sv"]


def test_a_coding_filter_is_applied_before_the_k_check(panel):
    period, _users, first, _second, queues = panel
    # Unfiltered, the 6 aged 25–34 are shown; the code "Jonot" holds all of them and 2 aged 45–54.
    shown = open_answers(period, variable="age_group", value="25-34", k=5)
    assert not shown["too_few"] and len(shown["answers"]) == 12
    coded = open_answers(period, variable="age_group", value="25-34", code=queues.pk, k=5)
    assert coded["too_few"] and list(coded["answers"]) == [], "the complement within the code is 2"
    assert not open_answers(period, variable="age_group", value="45-54", coding="uncoded", k=5)["too_few"]
    uncoded = open_answers(period, variable="age_group", value="45-54", coding="uncoded", question=first.pk, k=5)
    assert uncoded["too_few"], "4 uncoded answers aged 45–54 left in the first question: under k"


def test_other_filters_narrow_the_list_before_the_k_check(panel):
    period, _users, first, _second, _queues = panel
    assert not open_answers(period, variable="age_group", value="45-54", question=first.pk, k=5)["too_few"]
    # A search that leaves a handful of answers leaves no segment of k.
    result = open_answers(period, variable="age_group", value="45-54", search="Toinen 1", k=5)
    assert result["too_few"] and list(result["answers"]) == []


def test_a_segment_not_offered_is_never_shown_even_if_it_holds_k(panel):
    period, *_ = panel
    # 65–74 has 5 respondents, but was given up so that 75+ (3) is not the rest of everyone.
    result = open_answers(period, variable="age_group", value="65-74", k=5)
    assert result["too_few"] and list(result["answers"]) == []


def test_the_group_without_a_value_is_a_segment_like_any_other(sote):
    period = PeriodFactory(organisations=[sote])
    task = TaskFactory(period=period)
    text = QuestionFactory(task=task, kind=QuestionKind.TEXT)
    for user in respondents(period, 5, gender="female") + respondents(period, 6):
        answer(task, user, {text: "Vastaus"})
    assert answer_segments(period, "gender", k=5) == ["", "female"]
    result = open_answers(period, variable="gender", value="", k=5)
    assert not result["too_few"] and len(result["answers"]) == 6


# The page ---------------------------------------------------------------------------------------


def test_the_page_shows_a_segment_of_the_reports_variable(developer_client, panel):
    period, *_ = panel
    _with_variable(period, "age_group")
    page = _page(developer_client, period, variable="age_group", value="45-54")
    assert not page.context["too_few"] and len(page.context["rows"]) == 12
    html = page.content.decode()
    assert '<option value="25-34">25–34</option>' in html and '<option value="45-54" selected>45–54</option>' in html
    assert 'value="65-74"' not in html and 'value="75+"' not in html, "only segments that may be shown are offered"


def test_the_page_shows_no_answers_and_says_why_when_a_segment_is_too_small(developer_client, panel):
    period, _users, _first, _second, queues = panel
    _with_variable(period, "age_group")
    page = _page(developer_client, period, variable="age_group", value="25-34", code=queues.pk)
    assert page.context["too_few"] and page.context["rows"] == []
    html = page.content.decode()
    assert "Too few to show: with these filters, the chosen segment or the respondents outside it number" in html
    assert "Ensimmäinen" not in html


def test_another_variable_gets_the_whole_list_and_a_message(developer_client, panel):
    period, *_ = panel
    _with_variable(period, "age_group")
    page = _page(developer_client, period, variable="mother_tongue", value="fi")
    assert not page.context["too_few"] and page.context["page"].paginator.count == 40
    assert "can be filtered by age group only. All answers are shown." in page.content.decode()
    _with_variable(period, "")
    page = _page(developer_client, period, variable="age_group", value="25-34")
    assert page.context["page"].paginator.count == 40
    assert "are not filtered by background. All answers are shown." in page.content.decode()
    assert 'name="value"' not in page.content.decode()


def test_the_audit_record_names_the_segment_asked_and_whether_it_was_shown(developer_client, developer, panel):
    period, *_ = panel
    _with_variable(period, "age_group")
    _page(developer_client, period, variable="age_group", value="45-54")
    _page(developer_client, period, variable="age_group", value="75+")
    details = list(
        AuditEvent.objects.filter(actor=developer, action=AuditEvent.Action.ANSWERS_VIEWED)
        .order_by("pk")
        .values_list("detail", flat=True)
    )
    assert details == [
        {"view": "open_answers", "segment": {"variable": "age_group", "value": "45-54"}, "shown": True},
        {"view": "open_answers", "segment": {"variable": "age_group", "value": "75+"}, "shown": False},
    ]


# Choosing the variable --------------------------------------------------------------------------


def _choose(client, period, variable: str):
    return client.post(reverse("reports:answer_filter", args=[period.pk]), {"variable": variable})


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_a_manager_chooses_the_variable_and_it_is_logged(manager_client, manager, panel):
    period, *_ = panel
    response = _choose(manager_client, period, "age_group")
    assert response.status_code == 302 and response["Location"].endswith("/answers/#answer-filter")
    assert Report.objects.get(period=period).answer_filter_variable == "age_group"
    event = AuditEvent.objects.get(actor=manager, action=AuditEvent.Action.REPORT_EDITED)
    assert event.detail == {"answer_filter_variable": "age_group", "previous": ""}
    assert _messages(response) == ["The background variable for open answers was saved."]


def test_only_a_manager_chooses_the_variable(developer_client, outsider_client, member_client, panel):
    period, *_ = panel
    assert _choose(developer_client, period, "age_group").status_code == 403
    assert _choose(outsider_client, period, "age_group").status_code == 404
    assert _choose(member_client, period, "age_group").status_code == 403
    assert developer_client.get(reverse("reports:answer_filter", args=[period.pk])).status_code == 405
    assert Report.objects.get(period=period).answer_filter_variable == ""
    assert 'id="answer-filter"' not in _page(developer_client, period).content.decode()


def test_an_unknown_variable_is_refused_with_a_message(manager_client, panel):
    period, *_ = panel
    response = _choose(manager_client, period, "pseudonym")
    assert Report.objects.get(period=period).answer_filter_variable == ""
    assert _messages(response) == ["Select a valid choice. pseudonym is not one of the available choices."]


def test_once_answers_were_shown_by_a_variable_no_other_can_be_chosen(manager_client, developer_client, panel):
    period, *_ = panel
    _choose(manager_client, period, "age_group")
    _choose(manager_client, period, "gender")  # nothing shown yet: a change is still free
    _choose(manager_client, period, "age_group")
    assert not _page(developer_client, period, variable="age_group", value="25-34").context["too_few"]
    assert Report.objects.get(period=period).answer_filter_used == "age_group"
    response = _choose(manager_client, period, "mother_tongue")
    assert Report.objects.get(period=period).answer_filter_variable == "age_group"
    assert "have already been shown by age group. Choose age group or none" in _messages(response)[-1]
    _choose(manager_client, period, "")
    assert Report.objects.get(period=period).answer_filter_variable == ""
    _choose(manager_client, period, "mother_tongue")
    assert Report.objects.get(period=period).answer_filter_variable == ""


def test_a_variable_other_than_the_one_used_shows_nothing(developer_client, panel):
    """A change that raced with a page view: the variable used first is the only one ever shown."""
    period, *_ = panel
    report = _with_variable(period, "age_group")
    Report.objects.filter(pk=report.pk).update(answer_filter_used="gender")
    page = _page(developer_client, period, variable="age_group", value="25-34")
    assert page.context["too_few"] and page.context["rows"] == []


def test_a_variable_and_a_segment_cost_a_query_each_however_many_answers(manager_client, panel, sote):
    counts = []
    for period in (panel[0], _bigger(sote)):
        _page(manager_client, period)  # the report row and the labels
        with CaptureQueriesContext(connection) as plain:
            _page(manager_client, period)
        _with_variable(period, "age_group")
        _page(manager_client, period, variable="age_group", value="25-34")  # the variable is marked used
        with CaptureQueriesContext(connection) as offered:
            _page(manager_client, period)
        with CaptureQueriesContext(connection) as segment:
            page = _page(manager_client, period, variable="age_group", value="25-34", coding="uncoded")
        assert not page.context["too_few"]
        counts.append((len(plain), len(offered), len(segment)))
    assert counts[0] == counts[1]
    plain, offered, segment = counts[0]
    assert (offered, segment) == (plain + 1, plain + 2), "the segments offered; the segment within the filters"
    assert segment <= 18, "the page's budget of 16, and the two counts"


def _bigger(sote):
    """Three times the panel: 60 respondents, the same mix."""
    period = PeriodFactory(organisations=[sote])
    task = TaskFactory(period=period)
    text = QuestionFactory(task=task, kind=QuestionKind.TEXT)
    for age, tongue, count in PANEL:
        for user in respondents(period, 3 * count, age_group=age, mother_tongue=tongue):
            answer(task, user, {text: "Vastaus"})
    return period
