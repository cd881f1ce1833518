"""A member's words in reports: their export, and their erasure from quotes and every report's JSON."""

import copy

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.services import member_data_export, member_erase
from periods.member_data import ERASED_TEXT
from periods.models import Answer, Response
from periods.tests.factories import PeriodFactory
from reports import quotes as quote_services
from reports.figures import report_figures
from reports.models import AnswerCoding, Code, Quote, Report, ReportStatus
from reports.services import answer_code, report_for
from reports.tests.delivery import deliver_built
from reports.tests.test_report_figures import answer, make_survey, respondents

OWN_OTHER = "Oma muu vastaukseni"
OWN_OPEN = "Jonotin puhelimessa tunnin."


@pytest.fixture
def survey(sote, member, other_member):
    """Seven respondents with "other" answers and open answers, the two personas among them."""
    period, task, single, multiple, text = make_survey(sote)
    people = [member, other_member, *respondents(period, 5, age_group="35-44")]
    for index, user in enumerate(people):
        own = user == member
        answer(
            task,
            user,
            {single: "a" if index % 2 else "b", multiple: ["a"], text: OWN_OPEN if own else f"Vastaus {index}"},
            other={single: OWN_OTHER if own else f"Muu {index}"},
        )
    return period, single, text


def _open(period, user) -> Answer:
    return Answer.objects.get(response__member=user, question__task__period=period, question__kind="text")


@pytest.fixture
def delivered(survey, manager, member, other_member):
    """A delivered report quoting the member and the other member."""
    period, _single, _text = survey
    report = report_for(period)
    for user in (member, other_member):
        quote_services.quote_add(report=report, actor=manager, answer=_open(period, user))
    return deliver_built(report, manager)


def _question(snapshot: dict, question_id: int) -> dict:
    return next(q for q in snapshot["questions"] if q["id"] == question_id)


def test_erasing_contributions_removes_the_members_words_from_a_delivered_snapshot(
    survey, delivered, member, other_member
):
    _period, single, _text = survey
    before = copy.deepcopy(Report.objects.get(pk=delivered.pk).snapshot)
    assert OWN_OTHER in _question(before, single.pk)["other"]

    member_erase(user=member, contributions=True)

    after = Report.objects.get(pk=delivered.pk).snapshot
    table, old = _question(after, single.pk), _question(before, single.pk)
    assert OWN_OTHER not in str(after) and OWN_OPEN not in str(after)
    assert table["other"] == [ERASED_TEXT if text == OWN_OTHER else text for text in old["other"]]
    assert table["other"].count(ERASED_TEXT) == 1 and "Muu 1" in table["other"]
    # The counts stay as delivered.
    assert (table["n"], table["rows"]) == (old["n"], old["rows"]) == (7, table["rows"])
    assert after["participation"] == before["participation"] and after["crosstabs"] == before["crosstabs"]
    assert after["quotes"] == [
        {"text": ERASED_TEXT, "author": member.pk, "finding": None, "finding_id": None},
        {"text": "Vastaus 1", "author": other_member.pk, "finding": None, "finding_id": None},
    ]
    quotes = {quote.author_id: quote for quote in Quote.objects.all()}
    assert quotes[member.pk].text == ERASED_TEXT and quotes[member.pk].erased and quotes[member.pk].flags == []
    assert quotes[other_member.pk].text == "Vastaus 1" and not quotes[other_member.pk].erased
    # The periods section ran first and deleted the answers; the quote kept its author.
    assert quotes[member.pk].answer is None and not Response.objects.filter(member=member).exists()
    assert Report.objects.get(pk=delivered.pk).status == ReportStatus.DELIVERED


def test_erasure_without_contributions_leaves_quotes_and_snapshots(survey, delivered, member):
    member_erase(user=member, contributions=False)
    assert Quote.objects.get(author=member).text == OWN_OPEN
    assert OWN_OTHER in str(Report.objects.get(pk=delivered.pk).snapshot)


def test_it_erases_from_a_drafts_built_figures_too(survey, member, other_member):
    period, single, _text = survey
    report = report_for(period)
    report.figures = report_figures(period)
    # Representative quotes of a theme, as a future figure might hold them.
    report.figures["themes"] = [
        {"quotes": [{"text": OWN_OPEN, "author": member.pk}, {"text": "Toinen", "author": other_member.pk}]}
    ]
    report.save()
    counts = quote_services.quotes_erase(member)
    figures = Report.objects.get(pk=report.pk).figures
    assert counts == {"quotes": 0, "reports": 1}
    assert figures["themes"][0]["quotes"] == [
        {"text": ERASED_TEXT, "author": member.pk},
        {"text": "Toinen", "author": other_member.pk},
    ]
    assert ERASED_TEXT in _question(figures, single.pk)["other"] and OWN_OTHER not in str(figures)
    # Erasing again changes nothing more.
    assert quote_services.quotes_erase(member) == {"quotes": 0, "reports": 0}


def test_it_ignores_other_members_and_malformed_json(survey, member, other_member):
    report = report_for(survey[0])
    figures = {
        "other": ["a", "b", "c"],
        "other_authors": [other_member.pk, member.pk],  # shorter than "other": the tail is left alone
        "notes": {"text": "ei lainaus"},
        "count": member.pk,
    }
    Report.objects.filter(pk=report.pk).update(figures=figures)
    quote_services.quotes_erase(member)
    assert Report.objects.get(pk=report.pk).figures == {**figures, "other": ["a", ERASED_TEXT, "c"]}


def test_erasure_takes_a_fixed_number_of_queries_per_report(sote, member):
    def reports(count: int) -> None:
        for _ in range(count):
            report = report_for(PeriodFactory(organisations=[sote]))
            Report.objects.filter(pk=report.pk).update(
                snapshot={"quotes": [{"text": "x", "author": member.pk}]}, figures={"other": [], "other_authors": []}
            )

    measured = []
    for count in (2, 6):
        Report.objects.all().delete()
        reports(count)
        with CaptureQueriesContext(connection) as queries:
            quote_services.quotes_erase(member)
        measured.append(len(queries))
    # Per report: a savepoint, the locked read, the write and the release.
    assert measured[1] - measured[0] == 4 * 4
    assert measured[0] <= 4 + 4 * 2


def test_the_export_holds_the_members_quotes_and_codes(survey, delivered, member, other_member, manager):
    period, _single, text = survey
    code = Code.objects.create(period=period, name="Jonot")
    answer_code(answer=_open(period, member), code=code, actor=manager)
    answer_code(answer=_open(period, other_member), code=code, actor=manager)
    data = member_data_export(user=member)["reports"]
    assert data == {
        "quotes": [{"text": OWN_OPEN, "period": period.title, "report_status": str(ReportStatus.DELIVERED.label)}],
        "codes": [{"code": "Jonot", "question": text.text}],
    }
    assert AnswerCoding.objects.count() == 2


def test_the_export_leaves_out_erased_quotes(survey, delivered, member):
    quote_services.quotes_erase(member)
    assert member_data_export(user=member)["reports"]["quotes"] == []
