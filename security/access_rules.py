"""Who may open each URL pattern: one rule per pattern name, for every app (SECURITY.md #7).

security/test_access_walk.py resolves every pattern of the project in every language and fails,
naming it, for a pattern that has no rule here. Each rule says what every role gets when it requests
the pattern with the objects of security/world.py:

- OK: the page, file or redirect the view gives when it lets the person in
- LOGIN: a redirect to the login page;  OTP: a redirect to the second-factor page
- DENIED: 403, the role may never use this view
- HIDDEN: 404 for an object out of the person's reach, written to the audit log (SECURITY.md #1–#3)
- NOT_FOUND: a plain 404 (a page that does not exist for that role)

The roles: a visitor (`anonymous`); `member`, who owns the member-side objects; `peer`, a member of
the same periods who owns none of them; `other_member`, a member in no period; `manager`, and the same
manager before passing the second factor (`unverified_manager`); `own_developer`, of the organisation
the object belongs to, and `other_developer`, of the other organisation.

Adding a URL means adding its rule here, in the app's block, with the ids its objects need.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from enum import Enum


class Outcome(Enum):
    OK = "ok"
    LOGIN = "login"
    OTP = "second factor"
    DENIED = "403"
    HIDDEN = "logged 404"
    NOT_FOUND = "404"


OK, LOGIN, OTP, DENIED, HIDDEN, NOT_FOUND = Outcome

ROLES = (
    "anonymous",
    "member",
    "peer",
    "other_member",
    "manager",
    "unverified_manager",
    "own_developer",
    "other_developer",
)
MEMBERS = ("member", "peer", "other_member")
STAFF = ("manager", "unverified_manager", "own_developer", "other_developer")

Ids = Callable[..., dict]  # (world, organisation world) -> URL kwargs or query


@dataclass(frozen=True)
class Rule:
    kind: str
    expect: Mapping[str, Outcome]
    ids: Ids | None = None
    query: Ids | None = None
    # The object belongs to one organisation: the other organisation's staff get a logged 404.
    organisation_owned: bool = False
    # What a POST carries when the view reads an id from the form rather than the URL.
    form: Ids | None = None
    # Roles besides the member who may see who the member is here (a page made for that, which logs it).
    identity_for: tuple[str, ...] = ()

    def kwargs(self, world, organisation) -> dict:
        return {key: str(value) for key, value in (self.ids(world, organisation) if self.ids else {}).items()}

    def params(self, world, organisation) -> dict:
        return self.query(world, organisation) if self.query else {}

    def data(self, world, organisation) -> dict:
        return self.form(world, organisation) if self.form else {}


def _rule(kind: str, base: dict, overrides: dict, ids: Ids | None, query: Ids | None) -> Rule:
    unknown = set(overrides) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles {unknown}")
    return Rule(kind, {**base, **overrides}, ids, query)


def public(ids: Ids | None = None, query: Ids | None = None, **overrides: Outcome) -> Rule:
    """Anyone, signed in or not."""
    return _rule("public", dict.fromkeys(ROLES, OK), overrides, ids, query)


def signed_link(ids: Ids, **overrides: Outcome) -> Rule:
    """Anyone holding the signed token of the URL; a forged one opens nothing (test_a_forged_signed_link_opens_nothing)."""
    return _rule("signed link", dict.fromkeys(ROLES, OK), overrides, ids, None)


def signed_in(ids: Ids | None = None, **overrides: Outcome) -> Rule:
    """Anyone logged in; the page itself sends each role where it belongs."""
    return _rule("signed in", {**dict.fromkeys(ROLES, OK), "anonymous": LOGIN}, overrides, ids, None)


def member(ids: Ids | None = None, query: Ids | None = None, **overrides: Outcome) -> Rule:
    """Any member of the community; staff are refused (they read answers only on staff pages)."""
    base = {"anonymous": LOGIN, **dict.fromkeys(MEMBERS, OK), **dict.fromkeys(STAFF, DENIED)}
    return _rule("member", base, overrides, ids, query)


def period_member(ids: Ids, **overrides: Outcome) -> Rule:
    """Members taking part in the object's period; any other member gets a logged 404."""
    return member(ids, **{"other_member": HIDDEN, **overrides})


def own(ids: Ids, **overrides: Outcome) -> Rule:
    """Only the member the object belongs to; any other member gets a logged 404."""
    return member(ids, **{"peer": HIDDEN, "other_member": HIDDEN, **overrides})


def staff(ids: Ids | None = None, query: Ids | None = None, **overrides: Outcome) -> Rule:
    """Staff with a verified second factor: managers and the developers of either organisation."""
    base = {
        "anonymous": LOGIN,
        **dict.fromkeys(MEMBERS, DENIED),
        "manager": OK,
        "unverified_manager": OTP,
        "own_developer": OK,
        "other_developer": OK,
    }
    return _rule("staff", base, overrides, ids, query)


def manager(ids: Ids | None = None, query: Ids | None = None, **overrides: Outcome) -> Rule:
    """Community managers only."""
    rule = staff(ids, query, **{"own_developer": DENIED, "other_developer": DENIED, **overrides})
    return replace(rule, kind="manager")


def organisation(ids: Ids, query: Ids | None = None, **overrides: Outcome) -> Rule:
    """Managers and the developers of the object's organisation; the other organisation's get a logged 404."""
    rule = staff(ids, query, **{"other_developer": HIDDEN, **overrides})
    return replace(rule, kind="organisation", organisation_owned=True)


def organisation_manager(ids: Ids, query: Ids | None = None, **overrides: Outcome) -> Rule:
    """A manager's action on an organisation's object: its developers 403, the other organisation's a logged 404."""
    rule = organisation(ids, query, **{"own_developer": DENIED, **overrides})
    return replace(rule, kind="organisation, manager acts")


# The ids of the objects, by what they name ----------------------------------------------------------------


def _period(w, o):
    return {"period_id": o.period.pk}


def _closed(w, o):
    return {"period_id": o.closed_period.pk}


def _survey(w, o):
    return {"period_id": o.period.pk, "task_id": o.survey.pk}


def _discussion(w, o):
    return {"period_id": o.period.pk, "task_id": o.discussion.pk}


def _statements(w, o):
    return {"period_id": o.period.pk, "task_id": o.statements.pk}


def _post(w, o):
    return {**_discussion(w, o), "post_id": o.post.pk}


def _question(w, o):
    return {**_survey(w, o), "question_id": o.text_question.pk}


def _object(name: str, key: str = "pk", attribute: str = "pk") -> Ids:
    return lambda w, o: {key: getattr(w.objects[name], attribute)}


def _round(w, o):
    return {"pk": w.objects["round"].pk}


def _run(w, o):
    return {"pk": w.objects["round"].pk, "run_pk": w.objects["run"].pk}


RULES: dict[str, Rule] = {
    # Outside the language prefix
    "healthz": public(),
    "theme_css": public(),
    "favicon": public(),
    "set_language": public(),
    # core
    "core:home": public(),
    "core:privacy": public(),
    "core:accessibility": public(),
    "core:statutory_page_list": manager(),
    "core:statutory_page_edit": manager(_object("statutory_kind", "kind", "value")),
    # accounts: logging in
    "accounts:login": public(),
    "accounts:logout": public(),
    "accounts:password_reset": public(),
    "accounts:password_reset_done": public(),
    "accounts:password_reset_confirm": signed_link(
        lambda w, o: {"uidb64": w.tokens["reset_uid"], "token": w.tokens["reset_token"]}
    ),
    "accounts:password_reset_complete": public(),
    "accounts:password_change": signed_in(),
    "accounts:invitation": signed_link(lambda w, o: {"token": w.tokens["invitation"]}),
    "accounts:otp_verify": signed_in(),
    # Staff who already have an authenticator are sent to enter its code instead.
    "accounts:otp_enrol": signed_in(**dict.fromkeys(STAFF, OTP)),
    # accounts: the member's own pages (the start page sends staff to theirs)
    "accounts:home": signed_in(),
    "accounts:my_data": member(),
    "accounts:my_data_json": member(),
    "accounts:erase": member(),
    "accounts:terms_accept": member(),
    "accounts:consent": member(),
    # accounts: staff
    "accounts:staff_home": staff(),
    "accounts:member_list": manager(),
    "accounts:member_invite": manager(),
    "accounts:member_import": manager(),
    "accounts:identity": manager(lambda w, o: {"pk": w.member.pk}),
    "accounts:deactivate": manager(lambda w, o: {"pk": w.bystander.pk}),
    "accounts:reactivate": manager(lambda w, o: {"pk": w.bystander.pk}),
    "accounts:second_factor_reset": manager(lambda w, o: {"pk": w.bystander_staff.pk}),
    "accounts:staff_list": manager(),
    "accounts:staff_invite": manager(),
    "accounts:terms": manager(),
    # recruitment: the public campaign
    "recruitment:campaign": public(),
    "recruitment:quiz": public(),
    "recruitment:quiz_result": public(_object("developer_type", "slug", "slug")),
    "recruitment:kiosk": public(),
    "recruitment:kiosk_result": public(_object("developer_type", "slug", "slug")),
    "recruitment:subscribe": public(),
    "recruitment:round": public(_object("round", "slug", "slug")),
    "recruitment:apply": public(_object("round", "slug", "slug")),
    "recruitment:applied": public(_object("round", "slug", "slug")),
    "recruitment:reserve_consent": signed_link(lambda w, o: {"token": w.tokens["reserve"]}),
    # recruitment: staff
    "recruitment:round_list": manager(),
    "recruitment:round_create": manager(),
    "recruitment:quiz_content": manager(),
    "recruitment:population": manager(),
    "recruitment:quiz_type_edit": manager(_object("developer_type")),
    "recruitment:quiz_question_edit": manager(_object("quiz_question")),
    "recruitment:round_staff": manager(_round),
    "recruitment:round_edit": manager(_round),
    "recruitment:applicants": manager(_round),
    "recruitment:applicants_csv": manager(_round),
    "recruitment:comparison": manager(_round),
    "recruitment:quotas": manager(_round),
    "recruitment:export_features": manager(_round),
    "recruitment:export_people": manager(_round),
    "recruitment:import_pool": manager(_round),
    "recruitment:selection": manager(_round),
    "recruitment:selection_start": manager(_round),
    "recruitment:selection_retry": manager(_run),
    "recruitment:selection_draw": manager(_run),
    "recruitment:selection_invite": manager(_run),
    "recruitment:selection_panels": manager(_run),
    "recruitment:selection_override": manager(
        lambda w, o: {"pk": w.objects["round"].pk, "application_pk": w.objects["application"].pk}
    ),
    # periods: members
    "periods:my_periods": member(),
    "periods:my_answers": member(),
    "periods:member_keepalive": member(),
    # The file goes to the member who sent it and to the staff of the period's organisation.
    "periods:answer_file": replace(
        own(
            lambda w, o: {"answer_id": o.file_answer.pk},
            manager=OK,
            unverified_manager=LOGIN,
            own_developer=OK,
            other_developer=HIDDEN,
        ),
        organisation_owned=True,
    ),
    "periods:member_probe_reply": own(lambda w, o: {"probe_id": o.probe.pk}),
    "periods:member_period": period_member(_period),
    "periods:member_task": period_member(_survey),
    "periods:member_autosave": period_member(_survey),
    "periods:member_task_attachment": period_member(_survey),
    "periods:member_vote": period_member(_statements),
    "periods:member_statement_add": period_member(_statements),
    # Others' posts stay hidden from a member who has not posted yet, so the peer gets a logged 404 too.
    "periods:member_post_reply": own(_post),
    "periods:member_post_like": own(_post),
    "periods:member_post_edit": own(_post),
    "periods:member_diary_edit": own(
        lambda w, o: {"period_id": o.period.pk, "task_id": o.diary.pk, "entry_id": o.diary_entry.pk}
    ),
    # periods: staff (the world's periods and tasks are approved, so only managers change them)
    "periods:staff_period_list": staff(),
    "periods:staff_period_create": staff(),
    "periods:staff_approvals": manager(),
    "periods:staff_period_detail": organisation(_period),
    "periods:staff_period_edit": organisation_manager(_period),
    "periods:staff_period_review": organisation_manager(_period),
    "periods:staff_period_publish": organisation_manager(_period),
    "periods:staff_period_unpublish": organisation_manager(_period),
    "periods:staff_period_duplicate": organisation(_period),
    "periods:staff_period_live": organisation(_period),
    "periods:staff_probe_list": organisation(_period),
    "periods:staff_post_hide": organisation_manager(lambda w, o: {"period_id": o.period.pk, "post_id": o.post.pk}),
    "periods:staff_post_unhide": organisation_manager(lambda w, o: {"period_id": o.period.pk, "post_id": o.post.pk}),
    "periods:staff_task_create": organisation(_period),
    "periods:staff_task_detail": organisation(_survey),
    "periods:staff_task_edit": organisation_manager(_survey),
    "periods:staff_task_delete": organisation_manager(_survey),
    "periods:staff_task_move": organisation_manager(_survey),
    "periods:staff_task_review": organisation_manager(_survey),
    "periods:staff_task_duplicate": organisation(_survey),
    "periods:staff_task_preview": organisation(_survey),
    "periods:staff_task_answers": organisation(_survey),
    "periods:staff_probe_create": organisation(_survey, query=lambda w, o: {"response": o.response.pk}),
    "periods:staff_note_create": replace(
        organisation(_survey), form=lambda w, o: {"response": o.response.pk, "text": "Muistiinpano"}
    ),
    "periods:staff_statement_create": organisation_manager(_statements),
    "periods:staff_statement_review": organisation_manager(
        lambda w, o: {**_statements(w, o), "statement_id": o.statement.pk}
    ),
    "periods:staff_question_create": organisation_manager(_survey),
    "periods:staff_question_edit": organisation_manager(_question),
    "periods:staff_question_delete": organisation_manager(_question),
    "periods:staff_question_move": organisation_manager(_question),
    # notifications
    "notifications:notification_list": member(),
    "notifications:notification_read_all": member(),
    "notifications:notification_open": own(_object("notification")),
    "notifications:notification_settings": member(),
    "notifications:unsubscribe": signed_link(lambda w, o: {"token": w.tokens["unsubscribe"]}),
    "notifications:staff_deliveries": manager(),
    "notifications:staff_delivery_resolve": manager(_object("delivery")),
    "notifications:staff_delivery_resend": manager(_object("delivery")),
    # reports (of the open period, a draft; delivering and publishing are the manager's)
    "reports:list": staff(),
    "reports:detail": organisation(_period),
    "reports:edit": organisation(_period),
    "reports:build": organisation(_period),
    "reports:build_retry": organisation(_period),
    "reports:publish": organisation_manager(_closed),
    "reports:finding_create": organisation(_period),
    "reports:deliver": organisation_manager(_period),
    "reports:answers": organisation(_period),
    "reports:answer_filter": organisation_manager(_period),
    "reports:code_create": organisation(_period),
    "reports:answer_code": organisation(_period),
    "reports:answer_uncode": organisation(_period),
    "reports:suggestion_accept": organisation(_period),
    "reports:quote_add": organisation(_period),
    "reports:quote_edit": organisation(lambda w, o: {**_period(w, o), "quote_id": o.quote.pk}),
    "reports:quote_delete": organisation(lambda w, o: {**_period(w, o), "quote_id": o.quote.pk}),
    "reports:themes": organisation(_period),
    "reports:theme_edit": organisation(_period),
    "reports:export_csv": organisation(_period),
    "reports:export_xlsx": organisation(_period),
    "reports:export_pdf": organisation(_period),
    # impact
    "impact:action_list": staff(),
    "impact:action_create": staff(),
    "impact:action_detail": organisation(lambda w, o: {"action_id": o.action.pk}),
    "impact:action_edit": organisation(lambda w, o: {"action_id": o.action.pk}),
    "impact:action_status": organisation(lambda w, o: {"action_id": o.action.pk}),
    "impact:action_publish": organisation_manager(lambda w, o: {"action_id": o.action.pk}),
    "impact:target_list": staff(),
    "impact:target_create": staff(),
    "impact:target_detail": organisation(lambda w, o: {"target_id": o.target.pk}),
    "impact:target_edit": organisation(lambda w, o: {"target_id": o.target.pk}),
    "impact:measurement_add": organisation(lambda w, o: {"target_id": o.target.pk}),
    "impact:my_impact": member(),
    # support (staff have no requester side: the form is a plain 404 to them)
    "support:request_create": public(**dict.fromkeys(STAFF, NOT_FOUND)),
    "support:request_sent": public(),
    "support:my_requests": member(),
    "support:my_request": own(_object("support_request")),
    "support:visitor_request": signed_link(lambda w, o: {"token": w.tokens["visitor"]}),
    "support:help_list": public(),
    "support:help_page": public(_object("help_page", "slug", "slug")),
    # A member's request shows the manager who they are, to answer them; each view is logged.
    "support:inbox": manager(),
    "support:staff_request": replace(manager(_object("support_request")), identity_for=("manager",)),
    "support:staff_reply": replace(manager(_object("support_request")), identity_for=("manager",)),
    "support:staff_note": replace(manager(_object("support_request")), identity_for=("manager",)),
    "support:staff_status": replace(manager(_object("support_request")), identity_for=("manager",)),
    "support:staff_help_list": manager(),
    "support:staff_help_create": manager(),
    "support:staff_help_edit": manager(_object("help_page")),
    # community
    "community:news_list": public(),
    "community:news_detail": public(_object("news")),
    "community:announcement_list": member(),
    "community:announcement_detail": member(_object("announcement")),
    "community:suggestion_list": member(),
    "community:suggestion_detail": member(_object("suggestion")),
    "community:suggestion_support": member(_object("suggestion")),
    "community:suggestion_withdraw": own(_object("suggestion")),
    "community:cafe": member(),
    "community:cafe_topic": member(_object("topic")),
    "community:cafe_post": member(_object("topic")),
    "community:cafe_report": member(_object("cafe_post")),
    "community:staff_announcement_list": manager(),
    "community:staff_announcement_create": manager(),
    "community:staff_announcement_edit": manager(_object("announcement")),
    "community:staff_announcement_publish": manager(_object("announcement")),
    # Developers read members' theme suggestions, looking for themes their teams could take up.
    "community:staff_suggestion_list": staff(),
    "community:staff_suggestion_detail": staff(_object("suggestion")),
    "community:staff_moderation": manager(),
    "community:staff_recent_posts": manager(),
    "community:staff_post_hide": manager(_object("cafe_post")),
    "community:staff_reports_dismiss": manager(_object("cafe_post")),
    # results: the public site shows published reports and actions only (the sote ones)
    "results:index": public(),
    "results:index_share": public(),
    "results:period_detail": public(lambda w, o: {"pk": w.sote.closed_period.pk}),
    "results:period_share": public(lambda w, o: {"pk": w.sote.closed_period.pk}),
    "results:action_list": public(),
    "results:action_detail": public(lambda w, o: {"pk": w.sote.action.pk}),
    "results:action_share": public(lambda w, o: {"pk": w.sote.action.pk}),
    "results:statistics": public(),
    "results:feed": public(),
    "results:open_data": public(),
    "results:statistics_csv": public(),
    "results:statistics_json": public(),
    "results:actions_csv": public(),
    "results:actions_json": public(),
    # membership
    "membership:membership": member(),
    "membership:renew": member(),
    "membership:certificate": member(),
    "membership:leave": member(),
    "membership:onboarding_dismiss": member(),
    "membership:onboarding_notifications_checked": member(),
    "membership:staff_overview": manager(),
    # organisations and the audit log
    "organisations:list": staff(),
    "organisations:detail": organisation(lambda w, o: {"slug": o.organisation.slug}),
    "audit:list": manager(),
}
