"""Quotes in a report: automatic flags and redaction, and the staff pages that add, edit and delete them."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from audit.models import AuditEvent
from periods.models import Answer, Post, TaskKind
from periods.tests.factories import TaskFactory
from reports import quotes as quote_services
from reports.build import report_build_now
from reports.models import Finding, Quote, Report, ReportStatus
from reports.redaction import flags, personal_id_valid, redact
from reports.services import ReportError, report_for
from reports.tests.delivery import deliver_built
from reports.tests.test_report_figures import fill, make_survey

# Flags and redaction ----------------------------------------------------------------------------------


def _found(text: str) -> list[tuple[str, str]]:
    return [(flag["kind"], flag["text"]) for flag in flags(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Soitin terveyskeskukseen ja hoitaja Matti Virtanen vastasi heti. Hänen numeronsa on 040 123 4567.",
            [("name", "Matti Virtanen"), ("phone", "040 123 4567")],
        ),
        (
            "Liisa Korhonen auttoi paljon. Sähköpostini on liisa.k@example.fi jos tarvitsette.",
            [("name", "Liisa Korhonen"), ("email", "liisa.k@example.fi")],
        ),
        ("Soittakaa numeroon +358 40 1234567 tai 09-123 456.", [("phone", "+358 40 1234567"), ("phone", "09-123 456")]),
        ("Numero 0401234567 ja +358401234567 toimivat.", [("phone", "0401234567"), ("phone", "+358401234567")]),
        ("Henkilötunnukseni 131052-308T näkyi kirjeessä.", [("personal_id", "131052-308T")]),
        # The century signs of the 2023 reform; the second code of each pair has a wrong check character.
        ("Lapsen tunnus on 010594Y9032 ja toisen 010594Y9022.", [("personal_id", "010594Y9032")]),
        ("Uusi tunnus 010123B901E, ei 010123B9011.", [("personal_id", "010123B901E")]),
        ("Lääkäri sanoi, että Pekan pitää levätä.", [("name", "Pekan")]),
        ("Hoitaja Mäkinen oli ystävällinen.", [("name", "Mäkinen")]),
        ("Jag ringde och Anna Lindqvist svarade.", [("name", "Anna Lindqvist")]),
        ("The nurse was kind and Dr. Smith explained everything.", [("name", "Smith")]),
        ("Odotin bussia Hervannassa.", [("name", "Hervannassa")]),
    ],
)
def test_it_flags_what_may_reveal_a_person(text, expected):
    assert _found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Sain ajan vasta kolmen viikon päästä. Koska jonotin tunnin, soitin uudelleen.",
        "Anna minulle aikaa! Tuuli puhalsi kovaa.",
        "Terveyskeskuksessa oli jonoa. Maanantaina pääsin lääkärille.",
        "Kiitos hyvästä palvelusta.\nHoitaja oli ystävällinen.",
        "Olin Kelan toimistossa ja sain apua.",
        "Maksoin 120 euroa vuonna 2023, postinumero 00100, kävin 12.03.2024 klo 08-16.",
        "Väärä tunnus 131052-308U ei ole oikea, eikä 311399-1234 (ei sellaista päivää).",
        "Jag ringde till vårdcentralen. The nurse was kind.",
    ],
)
def test_it_does_not_flag_ordinary_words_numbers_or_invalid_codes(text):
    assert _found(text) == []


def test_it_validates_the_check_character_and_the_date_of_an_identity_code():
    assert personal_id_valid("131052-308T")
    assert personal_id_valid("131052A308T")  # the same number in the 2000s
    assert not personal_id_valid("131052-308U")
    assert not personal_id_valid("310252-308T")  # 31 February
    assert not personal_id_valid("131052G308T")  # no such century sign


def test_it_gives_start_and_end_of_each_flag():
    text = "Soita 040 123 4567."
    assert flags(text) == [{"kind": "phone", "start": 6, "end": 18, "text": "040 123 4567"}]


def test_it_redacts_with_placeholders_in_the_reports_language():
    text = "Hoitaja Matti Virtanen, puh. 040 123 4567, matti@example.fi, tunnus 131052-308T."
    found = flags(text)
    assert [flag["kind"] for flag in found] == ["name", "phone", "email", "personal_id"]
    assert redact(text, found, language="en") == (
        "Hoitaja [name], puh. [phone number], [email], tunnus [personal identity code]."
    )
    with translation.override("fi"):
        placeholder = translation.gettext("[name]")
    assert redact("Soitin Matille.", flags("Soitin Matille.")) == f"Soitin {placeholder}."


def test_it_skips_flags_that_no_longer_match_the_text():
    found = flags("Soita 040 123 4567.")
    assert redact("Soita myöhemmin, kiitos.", found) == "Soita myöhemmin, kiitos."


# Quote pages ------------------------------------------------------------------------------------------


@pytest.fixture
def report(filled):
    return report_for(filled[0])


def _open_answer(period, text: str) -> Answer:
    answer = Answer.objects.filter(question__task__period=period, question__kind="text").order_by("pk").first()
    answer.value = text
    answer.save(update_fields=["value"])
    return answer


def _add(client, period, **data):
    return client.post(reverse("reports:quote_add", args=[period.pk]), data)


def _quote_urls(period_id: int, quote_id: int) -> dict[str, str]:
    return {
        "edit": reverse("reports:quote_edit", args=[period_id, quote_id]),
        "delete": reverse("reports:quote_delete", args=[period_id, quote_id]),
    }


def _events(action=AuditEvent.Action.QUOTE_EDITED) -> list[str]:
    return [event.detail.get("change") for event in AuditEvent.objects.filter(action=action).order_by("pk")]


def test_it_adds_edits_checks_and_deletes_a_quote_with_audit(developer_client, developer, filled, report):
    period = filled[0]
    answer = _open_answer(period, "Hoitaja Matti Virtanen soitti numerosta 040 123 4567.")
    finding = Finding.objects.create(report=report, title="Jonot")
    response = _add(developer_client, period, answer=answer.pk, finding=finding.pk)
    quote = Quote.objects.get()
    assert response.status_code == 302 and response["Location"] == _quote_urls(period.pk, quote.pk)["edit"]
    assert quote.text == answer.value and quote.author_id == answer.response.member_id
    assert quote.finding == finding and not quote.reviewed
    assert [flag["kind"] for flag in quote.flags] == ["name", "phone"]

    page = developer_client.get(_quote_urls(period.pk, quote.pk)["edit"]).content.decode()
    with translation.override("fi"):
        label = translation.gettext("phone number")
    assert "Matti Virtanen" in page and f'<span class="badge">{label}</span>' in page

    urls = _quote_urls(period.pk, quote.pk)
    developer_client.post(urls["edit"], {"text": quote.text, "finding": finding.pk, "action": "redact"})
    quote.refresh_from_db()
    with translation.override("fi"):
        name, phone = translation.gettext("[name]"), translation.gettext("[phone number]")
    assert quote.text == f"Hoitaja {name} soitti numerosta {phone}." and quote.flags == []

    developer_client.post(urls["edit"], {"text": "Hoitaja soitti takaisin.", "reviewed": "on"})
    quote.refresh_from_db()
    assert quote.text == "Hoitaja soitti takaisin." and quote.reviewed and quote.finding is None

    developer_client.post(urls["delete"])
    assert not Quote.objects.exists()
    assert _events() == ["added", "redacted", "edited", "deleted"]
    assert AuditEvent.objects.filter(action=AuditEvent.Action.QUOTE_EDITED, actor=developer).count() == 4


def test_it_quotes_a_discussion_post(manager_client, filled, report, member):
    period = filled[0]
    task = TaskFactory(period=period, kind=TaskKind.DISCUSSION)
    post = Post.objects.create(task=task, author=member, text="Kysykää Sannalta, puh. 050 765 4321.")
    _add(manager_client, period, post=post.pk)
    quote = Quote.objects.get()
    assert quote.post == post and quote.author == member
    assert [(f["kind"], f["text"]) for f in quote.flags] == [("name", "Sannalta"), ("phone", "050 765 4321")]


def test_it_refuses_a_hidden_post(manager_client, filled, report, member):
    task = TaskFactory(period=filled[0], kind=TaskKind.DISCUSSION)
    post = Post.objects.create(task=task, author=member, text="Piilotettu", hidden_at=timezone.now())
    _add(manager_client, filled[0], post=post.pk)
    assert not Quote.objects.exists()


@pytest.mark.parametrize("kind", ["answer", "post", "finding"])
def test_it_answers_404_for_an_answer_post_or_finding_of_another_period(
    manager_client, manager, filled, report, sote, member, kind
):
    other = fill(make_survey(sote))[0]
    other_report = report_for(other)
    answer = _open_answer(other, "Toisen jakson vastaus")
    post = Post.objects.create(task=TaskFactory(period=other, kind=TaskKind.DISCUSSION), author=member, text="Toinen")
    data = {
        "answer": {"answer": answer.pk},
        "post": {"post": post.pk},
        "finding": {
            "answer": _open_answer(filled[0], "Oma").pk,
            "finding": Finding.objects.create(report=other_report, title="Muu").pk,
        },
    }[kind]
    assert _add(manager_client, filled[0], **data).status_code == 404
    assert not Quote.objects.exists()
    assert AuditEvent.objects.filter(actor=manager, action=AuditEvent.Action.ACCESS_DENIED).exists()


def test_it_answers_404_for_a_quote_of_another_report(manager_client, filled, report, sote):
    other = fill(make_survey(sote))[0]
    quote = Quote.objects.create(report=report_for(other), text="Toinen")
    for method, url in (("get", "edit"), ("post", "edit"), ("post", "delete")):
        response = getattr(manager_client, method)(_quote_urls(filled[0].pk, quote.pk)[url], {"text": "x"})
        assert response.status_code == 404
    assert Quote.objects.get().text == "Toinen"


def test_it_refuses_changes_once_the_report_is_delivered(manager_client, filled, report):
    period = filled[0]
    answer = _open_answer(period, "Hyvä palvelu.")
    quote = quote_services.quote_add(report=report, actor=None, answer=answer)
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.DELIVERED)
    urls = _quote_urls(period.pk, quote.pk)
    response = manager_client.post(urls["edit"], {"text": "Muutettu"}, follow=True)
    assert "cannot be changed" in response.content.decode() or "ei voi" in response.content.decode()
    manager_client.post(urls["delete"])
    _add(manager_client, period, answer=answer.pk)
    assert list(Quote.objects.values_list("text", flat=True)) == ["Hyvä palvelu."]
    with pytest.raises(ReportError):
        quote_services.quote_update(quote=quote, actor=None, text="x", reviewed=True)
    page = manager_client.get(urls["edit"]).content.decode()
    assert 'name="text"' not in page and "Hyvä palvelu." in page


def test_it_refuses_delivery_while_a_flagged_quote_is_unchecked(manager, filled, report):
    period = filled[0]
    flagged = quote_services.quote_add(report=report, actor=manager, answer=_open_answer(period, "Soita 040 123 4567"))
    with pytest.raises(ReportError):
        deliver_built(report, manager)
    assert Report.objects.get(pk=report.pk).status == ReportStatus.DRAFT
    quote_services.quote_update(quote=flagged, actor=manager, text=flagged.text, reviewed=True)
    deliver_built(report, manager)
    delivered = Report.objects.get(pk=report.pk)
    assert delivered.status == ReportStatus.DELIVERED
    assert delivered.snapshot["quotes"] == [
        {"text": "Soita 040 123 4567", "author": flagged.author_id, "finding": None, "finding_id": None}
    ]


def test_the_delivery_page_shows_why_it_was_refused(manager_client, manager, filled, report):
    quote_services.quote_add(report=report, actor=manager, answer=_open_answer(filled[0], "Soita 040 123 4567"))
    report_build_now(report)
    url = reverse("reports:deliver", args=[filled[0].pk])
    response = manager_client.post(url, {"built_at": report.build_marker}, follow=True)
    assert response.status_code == 200 and Report.objects.get(pk=report.pk).status == ReportStatus.DRAFT
    assert any("flagged quotes" in str(m) or "lainaukset" in str(m) for m in response.context["messages"])


def test_the_report_page_lists_quotes_with_flags_in_words_and_no_pseudonym(manager_client, manager, filled, report):
    period = filled[0]
    answer = _open_answer(period, "Soita <script>x</script> 040 123 4567")
    quote_services.quote_add(report=report, actor=manager, answer=answer)
    html = manager_client.get(reverse("reports:detail", args=[period.pk])).content.decode()
    section = html[html.index('id="quotes"') :]
    assert "040 123 4567" in section and "&lt;script&gt;" in section and "<script>x" not in section
    with translation.override("fi"):
        assert translation.gettext("phone number") in section and translation.gettext("to check") in section
    assert "Nimimerkki" not in section


@pytest.mark.parametrize("name", ["add", "edit", "delete"])
def test_it_refuses_members_and_hides_quotes_from_the_other_organisation(
    member_client, outsider_client, outsider, client, filled, report, name
):
    quote = Quote.objects.create(report=report, text="Lainaus")
    url = {"add": reverse("reports:quote_add", args=[filled[0].pk]), **_quote_urls(filled[0].pk, quote.pk)}[name]
    assert member_client.post(url, {"text": "x"}).status_code == 403
    assert outsider_client.post(url, {"text": "x"}).status_code == 404
    assert AuditEvent.objects.filter(actor=outsider, action=AuditEvent.Action.ACCESS_DENIED).exists()
    assert client.post(url).status_code == 302
    assert Quote.objects.get().text == "Lainaus"


def test_it_refuses_get_on_add_and_delete(manager_client, filled, report):
    quote = Quote.objects.create(report=report, text="Lainaus")
    assert manager_client.get(reverse("reports:quote_add", args=[filled[0].pk])).status_code == 405
    assert manager_client.get(_quote_urls(filled[0].pk, quote.pk)["delete"]).status_code == 405


def test_the_quote_page_is_audited_and_keeps_to_a_query_budget(
    manager_client, manager, filled, report, django_assert_max_num_queries
):
    answer = _open_answer(filled[0], "Hoitaja Matti Virtanen auttoi.")
    quote = quote_services.quote_add(report=report, actor=manager, answer=answer)
    Finding.objects.bulk_create([Finding(report=report, title=f"Havainto {i}") for i in range(10)])
    with django_assert_max_num_queries(10):
        page = manager_client.get(_quote_urls(filled[0].pk, quote.pk)["edit"])
    assert page.status_code == 200
    assert AuditEvent.objects.filter(action=AuditEvent.Action.ANSWERS_VIEWED, detail__view="quote").count() == 1


def test_the_report_page_lists_many_quotes_in_a_fixed_number_of_queries(
    manager_client, manager, filled, report, django_assert_max_num_queries
):
    period = filled[0]
    manager_client.get(reverse("reports:detail", args=[period.pk]))
    finding = Finding.objects.create(report=report, title="Jonot")
    Quote.objects.bulk_create([Quote(report=report, finding=finding, text=f"Lainaus {i}") for i in range(2)])
    with django_assert_max_num_queries(100) as few:
        manager_client.get(reverse("reports:detail", args=[period.pk]))
    Quote.objects.bulk_create([Quote(report=report, finding=finding, text=f"Lainaus {i}") for i in range(20)])
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = manager_client.get(reverse("reports:detail", args=[period.pk])).content.decode()
    assert html.count("Lainaus ") == 22 and html.count("Jonot") >= 22


def test_an_erased_quote_can_be_deleted_but_not_rewritten(manager_client, manager, filled, report):
    answer = _open_answer(filled[0], "Hyvä palvelu.")
    quote = quote_services.quote_add(report=report, actor=manager, answer=answer)
    quote_services.quotes_erase(answer.response.member)
    urls = _quote_urls(filled[0].pk, quote.pk)
    page = manager_client.get(urls["edit"]).content.decode()
    assert 'name="text"' not in page and "[poistettu]" in page
    manager_client.post(urls["edit"], {"text": "Hyvä palvelu."})
    assert Quote.objects.get().text == "[poistettu]"
    manager_client.post(urls["delete"])
    assert not Quote.objects.exists()
