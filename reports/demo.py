"""Demo data of reports: the closed rescue period gets a coded, written and delivered report,
whose open answers can be filtered by gender."""

from accounts.models import User
from periods.demo import CLOSED_TITLE
from periods.models import Answer, Period, QuestionKind

from . import quotes, services
from .build import report_build_now
from .models import ReportStatus

CODES = {
    "Turvallisuus kotona": ("Palovaroittimen testaus", "Nuohouksen ajankohta"),
    "Luvat ja asiointi": ("Kulotuslupa",),
    "Koulutus ja työ": ("Ensiapukurssit", "Rekrytointi"),
}


def seed_reports() -> None:
    period = Period.objects.filter(title_fi=CLOSED_TITLE).first()
    manager = User.objects.filter(email="yhteisomanageri@example.fi").first()
    if period is None or manager is None:
        return
    report = services.report_for(period)
    if report.status != ReportStatus.DRAFT:
        return
    answers = list(Answer.objects.filter(question__task__period=period, question__kind=QuestionKind.TEXT))
    # Two answers per code coded by a person; the platform suggests codes for the rest.
    for name, topics in CODES.items():
        code = services.code_create(period=period, name=name)
        for answer in [a for a in answers if a.value in topics][:2]:
            services.answer_code(answer=answer, code=code, actor=manager)
    services.report_update(
        report=report,
        actor=manager,
        summary=(
            "20 jäsentä kertoi, mitä he etsivät pelastuslaitoksen verkkosivuilta. Useimmin etsittiin "
            "kodin turvallisuuteen liittyvää tietoa: palovaroittimen testausta ja nuohouksen ajankohtaa."
        ),
        recommendations=("Nostetaan kodin turvallisuuden ohjeet etusivulle. Tehdään kulotusluvasta oma selkeä sivu."),
    )
    safety = services.finding_create(
        report=report,
        actor=manager,
        title="Kodin turvallisuus on tärkein syy käydä sivuilla",
        text="Kaksi viidestä vastaajasta etsi palovaroittimen tai nuohouksen ohjeita.",
    )
    services.finding_create(
        report=report,
        actor=manager,
        title="Luvat ovat vaikeita löytää",
        text="Kulotuslupaa etsineet eivät löytäneet sitä hakusanalla.",
    )
    # The demo's 20 respondents split into three genders of at least five: answers can be read by gender.
    services.report_answer_filter_set(report=report, actor=manager, variable="gender")
    quoted = next((a for a in answers if a.value == "Palovaroittimen testaus"), None)
    if quoted is not None:
        quote = quotes.quote_add(report=report, actor=manager, answer=quoted, finding=safety)
        quotes.quote_update(quote=quote, actor=manager, text=quote.text, finding=safety, reviewed=True)
    # Staff deliver the figures they reviewed: the build the report page showed.
    report_build_now(report)
    services.report_deliver(report=report, actor=manager, built_at=report.build_marker)
