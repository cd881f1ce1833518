"""Demo data of the results site: the delivered rescue report gets a public summary, and one action is public."""

from accounts.demo import MANAGER_EMAIL
from accounts.models import User
from impact import services as impact_services
from impact.models import Action
from periods.demo import CLOSED_TITLE
from reports import services as report_services
from reports.models import Report, ReportStatus

PUBLIC_SUMMARY = (
    "Kiitos kaikille, jotka kertoivat, mitä etsitte pelastuslaitoksen verkkosivuilta!\n\n"
    "Useimmin etsittiin **kodin turvallisuuteen** liittyvää tietoa, kuten palovaroittimen testausta ja "
    "nuohouksen ajankohtaa. Lupia, esimerkiksi kulotuslupaa, oli vaikea löytää.\n\n"
    "- Kodin turvallisuuden ohjeet nostettiin etusivulle.\n"
    "- Kulotusluvalle tehdään oma selkeä sivu."
)


def seed() -> None:
    """Publish the demo report's summary and make sure at least one action is public; safe to run again."""
    manager = User.objects.filter(email=MANAGER_EMAIL).first()
    report = Report.objects.filter(period__title_fi=CLOSED_TITLE).first()
    if manager is None or report is None or report.status == ReportStatus.DRAFT:
        return
    if report.status != ReportStatus.PUBLISHED or not report.public_summary:
        report = report_services.report_publish(report=report, actor=manager, public_summary=PUBLIC_SUMMARY)
    actions = Action.objects.filter(findings__report=report).distinct().order_by("pk")
    first = actions.first()
    if first is not None and not actions.filter(published=True).exists():
        impact_services.action_publish(action=first, actor=manager, published=True)
