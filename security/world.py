"""A small world with one of every object a URL can name, for both organisations.

Built once per test module (security/conftest.py, `world`), read by the access walk: each URL pattern
of security/access_rules.py takes its ids and tokens from here.

- member: takes part in both organisations' open periods and owns the member-side objects (response,
  uploaded file, post, diary entry, statement, probe, notification, support request, suggestion)
- peer: takes part in the same periods, owns nothing of member's and has not posted in the discussion
- other_member: a member of the community in no period
- every text a member or staff member types (pseudonym, name, answers, posts, file name, titles,
  codes, themes, quotes, suggestions, support requests) carries a script payload (SECURITY.md #17)
- bystander / bystander_staff: people a manager deactivates or resets in the walk, so that no role
  of the walk loses its own session
- per organisation (`sote`, `rescue`): its developer, an open period with one task of each kind, a
  closed period whose report is delivered (published for sote), a draft report with a quote, a code
  and a theme, a finding, an action and a development target
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth.tokens import default_token_generator
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import Invitation, Role, User
from community.models import Announcement, Audience, CafePost, CafeTopic, ThemeSuggestion
from conftest import make_member, make_staff
from core.models import StatutoryPage
from impact import services as impact_services
from impact.models import Action, DevelopmentTarget
from notifications.models import Delivery, DeliveryStatus, Kind, Notification
from notifications.services import unsubscribe_token
from organisations.models import Organisation
from periods.models import (
    Answer,
    DiaryEntry,
    Post,
    Probe,
    Question,
    QuestionKind,
    Response,
    Statement,
    StatementStatus,
    Task,
    TaskKind,
)
from periods.tests.factories import PeriodFactory, QuestionFactory, TaskFactory
from recruitment.models import ApplicationStatus, DeveloperType, QuizQuestion, SelectionRun
from recruitment.tests.factories import ApplicationFactory, RoundFactory
from recruitment.views.reserve import reserve_token
from reports.figures import report_figures
from reports.models import BuildStatus, Code, Finding, Quote, Report, ReportStatus, Theme
from support.models import HelpPage, SupportRequest
from support.services import visitor_token

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# What an attacker types into every text field of the world; the walk checks no page shows it unescaped.
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
# Who `member` is; only they (and a manager on a page made for it, after giving a reason) may see it.
MEMBER_EMAIL, MEMBER_NAME, MEMBER_PHONE = "world-member@example.fi", "Maija Meikäläinen", "+358 40 765 4321"


@dataclass
class OrganisationWorld:
    organisation: Organisation
    developer: User
    period: object
    survey: Task
    text_question: Question
    response: Response
    text_answer: Answer
    file_answer: Answer
    probe: Probe
    discussion: Task
    post: Post
    statements: Task
    statement: Statement
    diary: Task
    diary_entry: DiaryEntry
    report: Report
    quote: Quote
    code: Code
    theme: Theme
    draft_finding: Finding
    closed_period: object
    delivered_report: Report
    finding: Finding
    action: Action
    target: DevelopmentTarget


@dataclass
class World:
    manager: User
    member: User
    peer: User
    other_member: User
    bystander: User
    bystander_staff: User
    sote: OrganisationWorld
    rescue: OrganisationWorld
    tokens: dict[str, str] = field(default_factory=dict)
    objects: dict[str, object] = field(default_factory=dict)
    sessions: dict[str, str] = field(default_factory=dict)  # role -> session key, see security/conftest.py
    findings: list[str] = field(default_factory=list)  # what the walk's requests showed or wrote wrongly, see walk.py


def _organisation_world(slug: str, name: str, *, manager: User, member: User, peer: User, publish: bool):
    organisation = Organisation.objects.create(slug=f"world-{slug}", name_fi=name, name_en=name)
    developer = make_staff(f"world-dev-{slug}@example.fi", Role.DEVELOPER, organisation, name=f"Dev {slug}")
    period = PeriodFactory(organisations=[organisation], members=[member, peer], created_by=manager)
    survey = TaskFactory(period=period, kind=TaskKind.SURVEY, created_by=manager)
    survey.attachment.save("guide.pdf", ContentFile(PDF), save=False)
    survey.attachment_name = "guide.pdf"
    survey.save()
    text_question = QuestionFactory(task=survey, kind=QuestionKind.TEXT)
    upload_question = QuestionFactory(task=survey, kind=QuestionKind.UPLOAD, upload_types=["pdf"])
    response = Response.objects.create(task=survey, member=member, submitted_at=timezone.now())
    text_answer = Answer.objects.create(response=response, question=text_question, value=f"Palvelu oli hidas. {SCRIPT}")
    file_answer = Answer(response=response, question=upload_question, file_name=f"{IMG}.pdf")
    file_answer.file.save("answer.pdf", ContentFile(PDF), save=False)
    file_answer.save()
    probe = Probe.objects.create(
        response=response, member=member, task=survey, question=f"Kerrotko lisää? {IMG}", asked_by=manager
    )
    discussion = TaskFactory(period=period, kind=TaskKind.DISCUSSION, created_by=manager)
    post = Post.objects.create(task=discussion, author=member, text=f"Oma ajatus {SCRIPT}")
    statements = TaskFactory(period=period, kind=TaskKind.STATEMENTS, created_by=manager)
    statement = Statement.objects.create(task=statements, text_fi="Väite", status=StatementStatus.APPROVED)
    Statement.objects.create(task=statements, text_fi=f"Oma väite {IMG}", author=member, status=StatementStatus.PENDING)
    diary = TaskFactory(period=period, kind=TaskKind.DIARY, created_by=manager)
    diary_entry = DiaryEntry.objects.create(task=diary, member=member, day=timezone.localdate(), text=f"Päivä {SCRIPT}")
    # Built once and being counted again: no request of the walk starts a build (the immediate task
    # backend of the tests would run the whole text analysis inside the request).
    report = Report.objects.create(period=period)
    report.figures = report_figures(period)
    report.build_status, report.build_progress = BuildStatus.RUNNING, 50
    report.save()
    quote = Quote.objects.create(report=report, answer=text_answer, author=member, text=f"Palvelu oli hidas. {SCRIPT}")
    code = Code.objects.create(period=period, name=f"Hitaus {IMG}")
    theme = Theme.objects.create(question=text_question, label=f"Hitaus {SCRIPT}", answer_ids=[text_answer.pk])
    draft_finding = Finding.objects.create(report=report, title=f"Luonnoksen havainto {IMG}")

    now = timezone.now()
    closed_period = PeriodFactory(
        organisations=[organisation],
        members=[member, peer],
        created_by=manager,
        starts_at=now - timedelta(days=40),
        ends_at=now - timedelta(days=30),
        published_at=now - timedelta(days=41),
    )
    delivered_report = Report.objects.create(
        period=closed_period,
        status=ReportStatus.PUBLISHED if publish else ReportStatus.DELIVERED,
        delivered_at=now,
        delivered_by=manager,
        published_at=now if publish else None,
        public_summary="Vastaukset muuttivat palvelua." if publish else "",
    )
    finding = Finding.objects.create(report=delivered_report, title=f"Palaute on hidasta {SCRIPT}")
    action = impact_services.action_create(
        actor=manager, title=f"Toimenpide {slug} {IMG}", organisation=organisation, findings=[finding]
    )
    if publish:
        impact_services.action_publish(action=action, actor=manager, published=True)
    target = impact_services.target_save(
        actor=manager, organisation=organisation, title=f"Tavoite {slug} {SCRIPT}", actions=[action]
    )
    return OrganisationWorld(
        organisation=organisation,
        developer=developer,
        period=period,
        survey=survey,
        text_question=text_question,
        response=response,
        text_answer=text_answer,
        file_answer=file_answer,
        probe=probe,
        discussion=discussion,
        post=post,
        statements=statements,
        statement=statement,
        diary=diary,
        diary_entry=diary_entry,
        report=report,
        quote=quote,
        code=code,
        theme=theme,
        draft_finding=draft_finding,
        closed_period=closed_period,
        delivered_report=delivered_report,
        finding=finding,
        action=action,
        target=target,
    )


def build_world() -> World:
    manager = make_staff("world-manager@example.fi", Role.MANAGER, None, name="World Manager")
    member = make_member(MEMBER_EMAIL, IMG, age_group="35-44", municipality="Kotka")
    member.full_name, member.phone = f"{MEMBER_NAME} {SCRIPT}", MEMBER_PHONE
    member.save(update_fields=["full_name", "phone"])
    peer = make_member("world-peer@example.fi", "Vertainen", age_group="45-54", municipality="Kouvola")
    other_member = make_member("world-other@example.fi", "Ulkopuolinen", age_group="65-74", municipality="Hamina")
    bystander = make_member("world-bystander@example.fi", "Sivullinen")
    bystander_staff = make_staff("world-bystander-staff@example.fi", Role.MANAGER, None)
    world = World(
        manager=manager,
        member=member,
        peer=peer,
        other_member=other_member,
        bystander=bystander,
        bystander_staff=bystander_staff,
        sote=_organisation_world("sote", "Sote", manager=manager, member=member, peer=peer, publish=True),
        rescue=_organisation_world("rescue", "Pelastus", manager=manager, member=member, peer=peer, publish=False),
    )
    _recruitment(world)
    _community(world)
    _support_and_notifications(world)
    _tokens(world)
    return world


def _recruitment(world: World) -> None:
    round = RoundFactory(slug="world-round")
    application = ApplicationFactory(round=round, status=ApplicationStatus.NOT_SELECTED)
    run = SelectionRun.objects.create(
        round=round, created_by=world.manager, size=1, status=SelectionRun.Status.FAILED, panels=[[application.pk]]
    )
    developer_type = DeveloperType.objects.first() or DeveloperType.objects.create(
        slug="world-type", name_fi="Tyyppi", description_fi="Kuvaus"
    )
    question = QuizQuestion.objects.first() or QuizQuestion.objects.create(text_fi="Kysymys?")
    world.objects |= {
        "round": round,
        "application": application,
        "run": run,
        "developer_type": developer_type,
        "quiz_question": question,
    }
    world.tokens["reserve"] = reserve_token(application)


def _community(world: World) -> None:
    announcement = Announcement.objects.create(
        title_fi="Tiedote", body_fi="Jäsenille", audience=Audience.MEMBERS, published_at=timezone.now()
    )
    news = Announcement.objects.create(
        title_fi="Uutinen", body_fi="Kaikille", audience=Audience.PUBLIC, published_at=timezone.now()
    )
    suggestion = ThemeSuggestion.objects.create(member=world.member, title=f"Teema {IMG}", description=f"Hyvä {SCRIPT}")
    topic = CafeTopic.objects.create(title=f"Aihe {SCRIPT}", started_by=world.peer)
    peer_post = CafePost.objects.create(topic=topic, author=world.peer, text=f"Vertaisen viesti {IMG}")
    world.objects |= {
        "announcement": announcement,
        "news": news,
        "suggestion": suggestion,
        "topic": topic,
        "cafe_post": peer_post,
        "statutory_kind": StatutoryPage.Kind.PRIVACY,
    }


def _support_and_notifications(world: World) -> None:
    own_request = SupportRequest.objects.create(user=world.member, subject=f"Apua {IMG}", message=f"En löydä {SCRIPT}")
    visitor = SupportRequest.objects.create(
        email="vieras@example.fi", name=SCRIPT, subject=f"Kirjautuminen {IMG}", message=SCRIPT
    )
    help_page = HelpPage.objects.create(slug="world-help", title_fi="Ohje", body_fi="Näin", published=True)
    notification = Notification.objects.create(user=world.member, kind=Kind.REPLY, message="Vastaus", url="/fi/me/")
    delivery = Delivery.objects.create(
        key="world", user=world.member, kind=Kind.REPLY, subject="S", text="T", html="H", status=DeliveryStatus.UNKNOWN
    )
    world.objects |= {
        "support_request": own_request,
        "visitor_request": visitor,
        "help_page": help_page,
        "notification": notification,
        "delivery": delivery,
    }
    world.tokens["visitor"] = visitor_token(visitor)


def _tokens(world: World) -> None:
    invited = User.objects.create_user("world-invited@example.fi", role=Role.MEMBER)
    _invitation, token = Invitation.issue(user=invited, created_by=world.manager)
    world.tokens |= {
        "invitation": token,
        "unsubscribe": unsubscribe_token(world.member, Kind.REPLY),
        "reset_uid": urlsafe_base64_encode(force_bytes(world.bystander.pk)),
        "reset_token": default_token_generator.make_token(world.bystander),
    }
