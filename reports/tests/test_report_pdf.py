"""The report as PDF: opened with a real text extractor (pypdf), numbers as on the page, Finnish typography."""

import re
from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from pypdf import PdfReader

from audit.models import AuditEvent
from core.formats import fmt_date, fmt_number, fmt_pct
from core.pdf import register_fonts
from periods.models import QuestionKind
from periods.tests.factories import QuestionFactory, options
from reports import pdf as report_pdf_module
from reports.figures import report_figures
from reports.models import Finding, Quote
from reports.pdf import quoted, report_pdf
from reports.services import report_for
from reports.tests.delivery import deliver_built
from reports.tests.synthetic import closed_questions, question_text
from reports.tests.test_report_figures import answer, respondents


@pytest.fixture
def mixed(survey):
    """7 members aged 45–54, 6 aged 35–44, 3 aged 65–74: 16 answers, 7 of them "Hyvä" (43,8 %), 9 "Huono" (56,2 %: 56.25 rounds to even)."""
    period, task, single, multiple, text = survey
    groups = [("45-54", 7), ("35-44", 6), ("65-74", 3)]
    users = [u for age, count in groups for u in respondents(period, count, age_group=age, municipality="Hamina")]
    for i, user in enumerate(users):
        other = {single: "Jotain <b>muuta</b> & enemmän"} if i == 0 else {}
        answer(task, user, {single: "a" if i < 7 else "b", multiple: ["a"], text: "Vapaa"}, other=other)
    return survey


def _built(period) -> None:
    """The draft's figures as a finished background build leaves them, so that the page shows them."""
    report = report_for(period)
    report.figures = report_figures(period)
    report.save()


def _text(content: bytes) -> tuple[PdfReader, list[str]]:
    reader = PdfReader(BytesIO(content))
    pages = [" ".join((page.extract_text() or "").replace("\xa0", " ").split()) for page in reader.pages]
    return reader, pages


def _get_pdf(client, period_id: int, language: str = "fi"):
    with translation.override(language):
        url = reverse("reports:export_pdf", args=[period_id])
    assert url.startswith(f"/{language}/")
    return client.get(url)


def test_it_sends_the_pdf_as_an_attachment_and_logs_it(developer_client, developer, mixed):
    period = mixed[0]
    response = _get_pdf(developer_client, period.pk)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="report-{period.pk}.pdf"'
    assert response.content.startswith(b"%PDF-")
    event = AuditEvent.objects.get(actor=developer, action=AuditEvent.Action.ANSWERS_EXPORTED)
    assert event.detail == {"format": "pdf"}


def test_it_refuses_members_and_anonymous_visitors(client, member_client, survey):
    assert _get_pdf(member_client, survey[0].pk).status_code == 403
    response = _get_pdf(client, survey[0].pk)
    assert response.status_code == 302 and "login" in response["Location"]


def test_it_hides_the_pdf_from_another_organisation(outsider_client, outsider, survey):
    assert _get_pdf(outsider_client, survey[0].pk).status_code == 404
    assert AuditEvent.objects.filter(actor=outsider, action=AuditEvent.Action.ACCESS_DENIED).exists()
    assert not AuditEvent.objects.filter(actor=outsider, action=AuditEvent.Action.ANSWERS_EXPORTED).exists()


def test_it_prints_the_numbers_of_the_page_the_finnish_way(manager_client, mixed):
    period, _task, single, *_rest = mixed
    _built(period)
    with translation.override("fi"):
        page = manager_client.get(reverse("reports:detail", args=[period.pk]))
    figures = page.context["figures"]
    rows = next(q for q in figures["questions"] if q["id"] == single.pk)["rows"]
    assert [(r["label"], r["count"], r["pct"]) for r in rows] == [("Hyvä", 7, 43.8), ("Huono", 9, 56.2)]
    html = page.content.decode()
    assert "<td>43,8</td>" in html and "<td>56,2</td>" in html
    _reader, pages = _text(_get_pdf(manager_client, period.pk, "fi").content)
    text = " ".join(pages)
    assert "Hyvä 7 43,8 %" in text and "Huono 9 56,2 %" in text
    assert "43.8" not in text
    # Participation: 16 invited, started and finished, in total and in the one task.
    assert re.search(r"16 16 16", text)
    assert (figures["participation"]["invited"], figures["participation"]["finished"]) == (16, 16)


def test_it_prints_english_numbers_under_en(manager_client, mixed):
    _reader, pages = _text(_get_pdf(manager_client, mixed[0].pk, "en").content)
    text = " ".join(pages)
    assert "Hyvä 7 43.8 %" in text and "43,8" not in text


def test_it_has_a_table_of_contents_and_page_numbers(manager_client, mixed):
    period, _task, single, *_rest = mixed
    Finding.objects.create(report=report_for(period), title="Odotusajat ovat pitkiä", text="Moni mainitsi jonot.")
    reader, pages = _text(_get_pdf(manager_client, period.pk, "fi").content)
    total = len(reader.pages)
    assert total >= 2
    with translation.override("fi"):
        contents = pages[0]
        assert _("Contents") in contents
        for heading in (_("Summary"), _("Findings"), _("Participation"), _("Closed questions"), single.text):
            assert heading in contents
        assert "1. Odotusajat ovat pitkiä" in contents
        for number, page in enumerate(pages, start=1):
            assert _("Page %(page)s of %(pages)s") % {"page": number, "pages": total} in page
    assert reader.outline, "the headings are also PDF bookmarks"


def test_it_never_prints_a_hidden_group(manager_client, mixed):
    _reader, pages = _text(_get_pdf(manager_client, mixed[0].pk, "en").content)
    text = " ".join(pages)
    # 65–74 (3) is hidden, and 35–44 (6) with it so that 7 from the total 16 reveals nothing.
    assert "65–74" not in text and "35–44" not in text
    assert "45–54 7 7 7" in text
    # Nor their numbers: their rows would read "6 6 6" and "3 3 3" (all other groups are 16 or 7).
    assert "6 6 6" not in text and "3 3 3" not in text
    with translation.override("en"):
        assert _("hidden: too few to show") in text


def test_it_escapes_staff_and_member_text(manager_client, mixed):
    period = mixed[0]
    report = report_for(period)
    report.summary = "Tiivistelmä <b>lihava & </i>rikki <para>"
    report.save()
    Finding.objects.create(report=report, title="<font name='x'>Otsikko</font> & muuta", text="a < b > c")
    response = _get_pdf(manager_client, period.pk)
    assert response.status_code == 200
    text = " ".join(_text(response.content)[1])
    assert "Tiivistelmä <b>lihava & </i>rikki <para>" in text
    assert "<font name='x'>Otsikko</font> & muuta" in text
    assert "a < b > c" in text
    assert "”Jotain <b>muuta</b> & enemmän”" in text


def test_it_renders_nordic_letters_and_finnish_quotes(manager_client, mixed):
    period = mixed[0]
    period.title_fi = "Äänestys: åäö ÅÄÖ šž"
    period.save()
    report = report_for(period)
    Quote.objects.create(report=report, text="Jonossa meni tunti", reviewed=True)
    Quote.objects.create(report=report, text="Soita Matille 040 123 4567", flags=["phone"])
    _reader, pages = _text(_get_pdf(manager_client, period.pk, "fi").content)
    text = " ".join(pages)
    assert "Äänestys: åäö ÅÄÖ šž" in text
    assert "”Jonossa meni tunti”" in text
    assert "040 123 4567" not in text, "a flagged quote waits until a person has checked it"
    if "DejaVu" in register_fonts():
        # Bitstream Vera, the fallback, lacks ŋ and ŧ; DejaVu Sans has every Latin letter.
        period.title_fi = "Sámegiella: ŋ ŧ đ"
        period.save()
        assert "Sámegiella: ŋ ŧ đ" in " ".join(_text(_get_pdf(manager_client, period.pk, "fi").content)[1])


def test_it_sets_title_author_and_language(manager_client, mixed):
    period = mixed[0]
    reader, _pages = _text(_get_pdf(manager_client, period.pk, "fi").content)
    assert reader.metadata.author == "Prototyypit"
    assert period.title_fi in reader.metadata.title
    assert reader.trailer["/Root"]["/Lang"] == "fi"
    assert [round(float(v)) for v in reader.pages[0].mediabox[2:]] == [595, 842]  # A4 in points


def test_it_prints_rankings_likert_rows_and_codes(manager_client, survey):
    period, task, *_ = survey
    ranking = QuestionFactory(task=task, kind=QuestionKind.RANKING, choices=options("Nopeus", "Hinta", "Laatu"))
    likert = QuestionFactory(task=task, kind=QuestionKind.LIKERT, choices=options("Palvelu", "Odotus"))
    users = respondents(period, 6, age_group="45-54")
    for i, user in enumerate(users):
        order = ["a", "b", "c"] if i < 3 else ["b", "a", "c"]
        answer(task, user, {ranking: order, likert: {"a": 5, "b": 2 if i < 2 else 4}})
    code = period.codes.create(name="Jonot")
    from periods.models import Answer
    from reports.models import AnswerCoding

    AnswerCoding.objects.create(answer=Answer.objects.filter(question=ranking).first(), code=code)
    text = " ".join(_text(_get_pdf(manager_client, period.pk, "fi").content)[1])
    # Mean ranks 1,5 / 1,5 / 3 as on the page, counts of every option 6.
    assert "Nopeus 6 1,5" in text and "Hinta 6 1,5" in text and "Laatu 6 3" in text
    # Likert: Palvelu n = 6, all six answered 5 (100,0 %); Odotus: 2 answered 2, 4 answered 4.
    assert "Palvelu 6 0 (0,0 %) 0 (0,0 %) 0 (0,0 %) 0 (0,0 %) 6 (100,0 %)" in text
    assert "Odotus 6 0 (0,0 %) 2 (33,3 %) 0 (0,0 %) 4 (66,7 %) 0 (0,0 %)" in text
    assert "Jonot 1" in text


def test_it_prints_the_snapshot_of_a_delivered_report(manager_client, manager, mixed):
    period, task, single, *_rest = mixed
    deliver_built(report_for(period), manager)
    for user in respondents(period, 5, age_group="45-54"):
        answer(task, user, {single: "a"})
    pdf_text = " ".join(_text(_get_pdf(manager_client, period.pk, "fi").content)[1])
    assert "Hyvä 7 43,8 %" in pdf_text
    with translation.override("fi"):
        assert _("Delivered %(date)s") % {"date": fmt_date(report_for(period).delivered_at)} in pdf_text


def test_it_formats_numbers_dates_and_quotes_by_language():
    with translation.override("fi"):
        assert fmt_number(10000) == "10\xa0000"
        assert fmt_pct(12.5) == "12,5\xa0%"
        assert fmt_number(1.25) == "1,25"
        assert fmt_date(date(2026, 11, 23)) == "23.11.2026"
        assert quoted("hyvä") == "\u201dhyvä\u201d"
        assert fmt_pct(None) == "–"
    with translation.override("en"):
        assert fmt_number(10000) == "10,000"
        assert fmt_pct(12.5) == "12.5\xa0%"
        assert quoted("good") == "\u201cgood\u201d"


def test_it_builds_the_pdf_within_a_query_budget(developer_client, mixed, django_assert_max_num_queries):
    with django_assert_max_num_queries(25):
        assert _get_pdf(developer_client, mixed[0].pk).status_code == 200


def test_it_ignores_unknown_sections_of_the_figures(manager, mixed):
    period = mixed[0]
    report = report_for(period)
    figures = report_figures(period) | {"future_part": {"posts": 3}, "another": []}
    with translation.override("fi"):
        content = report_pdf(report, figures)
    assert content.startswith(b"%PDF-")


def test_it_builds_fifty_questions_in_order(mixed):
    """A synthetic figures dict of 50 closed questions (10 options each); bench/report.py times it."""
    period = mixed[0]
    report = report_for(period)
    figures = report_figures(period)
    figures["questions"] = closed_questions(50)
    with translation.override("fi"):
        content = report_pdf(report, figures)
    reader, pages = _text(content)
    first_page = [next(n for n, page in enumerate(pages) if question_text(q) in page) for q in range(50)]
    assert first_page == sorted(first_page), "the questions follow each other in order"
    assert first_page[0] < first_page[-1] < len(reader.pages), "fifty questions take several pages"
    assert "10 000" in " ".join(pages)


def test_section_builders_can_be_replaced(manager, mixed):
    period = mixed[0]
    report = report_for(period)

    def extra_section(pdf):
        return [pdf.heading("Keskustelut"), pdf.para("Lisäosa")]

    with translation.override("fi"):
        content = report_pdf(report, {"k": 5}, sections=[*report_pdf_module.SECTIONS, extra_section])
    text = " ".join(_text(content)[1])
    assert "Keskustelut" in text and "Lisäosa" in text


def test_it_leaves_out_other_answers_of_fewer_than_k(manager_client, survey):
    period, task, single, *_rest = survey
    for user in respondents(period, 3, age_group="45-54"):
        answer(task, user, {single: "a"}, other={single: "Harvinainen oma vastaus"})
    text = " ".join(_text(_get_pdf(manager_client, period.pk, "en").content)[1])
    assert "Harvinainen" not in text
    with translation.override("en"):
        assert _("The “other” answers are not shown: fewer than %(k)s respondents.") % {"k": 5} in text


def test_it_prints_the_cross_tabulations_without_small_groups(manager_client, mixed):
    _reader, pages = _text(_get_pdf(manager_client, mixed[0].pk, "en").content)
    text = " ".join(pages)
    appendix = text[text.rindex("Cross-tabulations") :]
    # By age group only 45–54 (7, all "Hyvä") shows; 65–74 (3) and its partner 35–44 (6) are hidden,
    # and the page does not say how many groups are: that would tell which small groups exist.
    assert "45–54 (7)" in appendix and "Hyvä 100.0 %" in appendix
    assert "Some groups are hidden to protect groups of fewer than 5 respondents." in appendix
    assert "2 groups" not in appendix
    assert "65–74" not in appendix and "35–44" not in appendix
    # By municipality all 16 are in Hamina: the same per cents as the whole.
    assert "Hamina (16)" in appendix and "Hyvä 43.8 %" in appendix
