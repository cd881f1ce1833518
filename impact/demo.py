"""Demo data of impact: actions on the delivered rescue report's findings, and one development target."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.models import User
from periods.demo import CLOSED_TITLE
from reports.models import Finding, ReportStatus

from . import services
from .models import Action, ActionStatus, DevelopmentTarget

TARGET_TITLE = "Tyytyväisyys verkkosivujen asiointiin"


def seed_impact() -> None:
    manager = User.objects.filter(email="yhteisomanageri@example.fi").first()
    findings = list(
        Finding.objects.filter(
            report__period__title_fi=CLOSED_TITLE, report__status__in=[ReportStatus.DELIVERED, ReportStatus.PUBLISHED]
        )
        .select_related("report__period")
        .order_by("order", "pk")
    )
    if manager is None or not findings or Action.objects.filter(findings__in=findings).exists():
        return
    organisation = findings[0].report.period.organisations.first()
    if organisation is None:
        return
    safety, permits = findings[0], findings[-1]
    today = timezone.localdate()
    done = services.action_create(
        actor=manager,
        title="Kodin turvallisuuden ohjeet etusivulle",
        description="Palovaroittimen testauksen ja nuohouksen ohjeet nostetaan **etusivulle**.",
        organisation=organisation,
        team="Viestintä",
        findings=[safety],
        planned_for=today - timedelta(days=30),
    )
    for status, text in [
        (ActionStatus.PLANNED, "Sovittiin viestinnän kanssa, että ohjeet nostetaan etusivulle."),
        (ActionStatus.IN_PROGRESS, "Uusi etusivun osio on työn alla."),
        (ActionStatus.DONE, "Ohjeet ovat nyt etusivulla. Kiitos vastauksistanne!"),
    ]:
        services.action_status_change(action=done, actor=manager, status=status, text=text)
    services.action_publish(action=done, actor=manager, published=True)
    permit_page = services.action_create(
        actor=manager,
        title="Oma sivu kulotusluvalle",
        description="Tehdään kulotusluvasta oma selkeä sivu, joka löytyy hakusanalla.",
        organisation=organisation,
        team="Verkkopalvelut",
        findings=[permits],
        planned_for=today + timedelta(days=30),
    )
    services.action_status_change(
        action=permit_page, actor=manager, status=ActionStatus.IN_PROGRESS, text="Sivun teksti on kirjoitettu."
    )
    services.action_create(
        actor=manager,
        title="Hakusanojen parantaminen",
        description="Lisätään hakuun yleisimmät arkikieliset hakusanat.",
        organisation=organisation,
        findings=[safety, permits],
    )
    chat = services.action_create(
        actor=manager,
        title="Chat-palvelu lupa-asioihin",
        organisation=organisation,
        findings=[permits],
    )
    services.action_status_change(
        action=chat,
        actor=manager,
        status=ActionStatus.NOT_PURSUED,
        reason="Oma sivu ja parempi haku ratkaisevat saman ongelman pienemmin kustannuksin.",
    )
    if not DevelopmentTarget.objects.filter(title=TARGET_TITLE).exists():
        target = services.target_save(
            actor=manager,
            organisation=organisation,
            title=TARGET_TITLE,
            description="Osuus vastaajista, jotka löysivät etsimänsä tiedon verkkosivuilta.",
            unit="%",
            higher_is_better=True,
            actions=[done, permit_page],
        )
        year = today.year - 1
        for quarter, value in enumerate(["58", "61", "67", "74"]):
            services.measurement_add(
                target=target, actor=manager, date=date(year, 3 * quarter + 3, 1), value=Decimal(value)
            )
