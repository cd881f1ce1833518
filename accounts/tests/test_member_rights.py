import json
from datetime import timedelta

import pytest
import time_machine
from django.apps import apps
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from accounts.models import Consent, Member, TermsVersion, User
from accounts.services import MemberDetails, member_invite, retention_purge, terms_publish
from audit.models import AuditEvent
from conftest import PASSWORD, demo_seed, make_member
from core import member_data

pytestmark = pytest.mark.django_db


def test_it_exports_all_of_the_members_own_data_as_json(member_client, member):
    """SECURITY.md #25: The member downloads everything the platform holds about them, as JSON."""
    response = member_client.get("/fi/me/data.json")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["account"]["email"] == member.email
    assert data["member"]["pseudonym"] == "Meritähti"
    assert data["consents"][0]["terms_version"] == 1
    assert AuditEvent.objects.filter(action="data_exported", subject_user_id=member.pk).exists()


def test_the_export_link_gives_nobody_else_the_members_data(member, other_member, manager_client):
    """SECURITY.md #25: The export link gives nobody else the member's data, not even a manager."""
    other = Client()
    other.force_login(other_member)
    data = json.loads(other.get("/fi/me/data.json").content)
    assert data["account"]["email"] == other_member.email
    assert Client().get("/fi/me/data.json").status_code == 302
    assert manager_client.get("/fi/me/data.json").status_code == 403


def test_it_shows_the_members_data_as_a_readable_page(member_client, member):
    page = member_client.get("/fi/me/data/").content.decode()
    assert "Meritähti" in page and member.email in page


def test_every_registered_section_appears_in_the_export(member_client, monkeypatch):
    monkeypatch.setattr(member_data, "_sections", {})
    member_data.register(key="extra", export=lambda user: {"answers": 3}, erase=lambda user, contributions: None)
    data = json.loads(member_client.get("/fi/me/data.json").content)
    assert data["extra"] == {"answers": 3}


def test_erasure_removes_identity_for_good_and_ends_the_account(member_client, member):
    """SECURITY.md #26: Erasure unlinks identity for good, keeps background for published aggregates, and is logged."""
    calls = []
    member_data.register(
        key="probe", export=lambda user: None, erase=lambda user, contributions: calls.append(contributions)
    )
    try:
        wrong = member_client.post("/fi/me/delete/", {"password": "not mine"})
        assert wrong.status_code == 200 and User.objects.get(pk=member.pk).is_active
        response = member_client.post("/fi/me/delete/", {"password": PASSWORD})
    finally:
        member_data._sections.pop("probe")
    assert response.status_code == 302
    user = User.objects.get(pk=member.pk)
    assert user.email.startswith("erased-") and user.full_name == "" and user.phone == ""
    assert not user.is_active and not user.has_usable_password() and user.erased_at
    profile = Member.objects.get(user=user)
    assert profile.pseudonym is None and profile.birth_date is None
    assert profile.display_name in {"deleted member", "poistettu jäsen"}
    # Background stays for published aggregates, pointing to nobody.
    assert profile.age_group == "35-44" and profile.municipality == "Kotka"
    assert calls == [False]
    assert member_client.get("/fi/me/").status_code == 302
    assert AuditEvent.objects.filter(action="member_erased", subject_user_id=member.pk).exists()
    assert Client().post("/fi/login/", {"username": "member@example.fi", "password": PASSWORD}).status_code == 200


def test_erasure_can_take_the_contributions_too(member_client, member):
    calls = []
    member_data.register(
        key="probe", export=lambda user: None, erase=lambda user, contributions: calls.append(contributions)
    )
    try:
        member_client.post("/fi/me/delete/", {"password": PASSWORD, "contributions": "on"})
    finally:
        member_data._sections.pop("probe")
    assert calls == [True]


def test_a_new_terms_version_is_accepted_at_the_next_visit(member_client, member, manager):
    terms_publish(by=manager, summary_fi="Uusi kohta vastausten säilytyksestä.")
    response = member_client.get("/fi/me/")
    assert response.status_code == 302
    assert response["Location"].startswith("/fi/me/terms/")
    page = member_client.get("/fi/me/terms/")
    assert "Uusi kohta" in page.content.decode()
    assert member_client.post("/fi/me/terms/", {}).status_code == 200
    assert member_client.post("/fi/me/terms/", {"accept": "on"}).status_code == 302
    assert member_client.get("/fi/me/").status_code == 200
    assert Consent.objects.filter(user=member, terms__version=2).exists()


def test_a_manager_publishes_terms_and_the_version_is_logged(manager_client):
    assert manager_client.post("/fi/staff/terms/", {"summary_fi": ""}).status_code == 200
    assert TermsVersion.objects.count() == 1
    assert manager_client.post("/fi/staff/terms/", {"summary_fi": "Muutos"}).status_code == 302
    assert TermsVersion.current().version == 2
    assert AuditEvent.objects.filter(action="terms_published").count() == 1


def test_withdrawing_consent_ends_membership(member_client, member):
    assert member_client.post("/fi/me/consent/", {}).status_code == 200
    assert User.objects.get(pk=member.pk).is_active
    response = member_client.post("/fi/me/consent/", {"confirm": "on"})
    assert response.status_code == 302
    user = User.objects.get(pk=member.pk)
    assert not user.is_active and user.member.left_at is not None
    assert not Consent.objects.filter(user=user, withdrawn_at__isnull=True).exists()
    assert member_client.get("/fi/me/").status_code == 302


def test_retention_erases_departed_members_and_unused_invitations_after_their_time(member, manager, settings):
    """SECURITY.md #27: On a frozen clock, departed members and unused invitations go when their time is up."""
    member_client = Client()
    member_client.force_login(member)
    member_client.post("/fi/me/consent/", {"confirm": "on"})
    member_invite(by=manager, details=MemberDetails(email="never@example.fi", full_name="Never Came"))
    assert retention_purge() == {"left_members": 0, "never_activated": 0}
    later = timezone.now() + timedelta(days=settings.LEFT_MEMBER_RETENTION_DAYS + 1)
    with time_machine.travel(later):
        assert retention_purge() == {"left_members": 1, "never_activated": 0}
    with time_machine.travel(later + timedelta(days=settings.INVITATION_VALID_DAYS)):
        assert retention_purge() == {"left_members": 0, "never_activated": 1}
    assert User.objects.get(pk=member.pk).email.startswith("erased-")
    assert not User.objects.filter(email="never@example.fi").exists()
    assert AuditEvent.objects.filter(action="retention_erased").count() == 2


def test_the_retention_command_prints_counts_only(capsys):
    call_command("purge_expired")
    assert json.loads(capsys.readouterr().out)["erased"]["accounts"] == {"left_members": 0, "never_activated": 0}


def test_seed_demo_refuses_to_run_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo")
    assert not User.objects.exists()


def test_seed_demo_again_changes_the_number_of_rows_of_no_model(demo):
    counts = {model: model.objects.count() for model in apps.get_models(include_auto_created=True)}
    demo_seed()
    assert {model: model.objects.count() for model in apps.get_models(include_auto_created=True)} == counts


def test_seed_demo_creates_the_readme_logins(demo):
    assert User.objects.members().count() == 30
    assert User.objects.staff().count() == 3
    assert len({m.age_group for m in Member.objects.all()}) == 7
    from recruitment.models import Application, Quota

    assert Application.objects.count() == 240 and Quota.objects.exists()
    client = Client()
    response = client.post("/fi/login/", {"username": "jasen07@example.fi", "password": "Prototyypit-demo-2026"})
    assert response.status_code == 302
    assert client.get("/fi/me/").status_code == 200


def test_demo_code_prints_the_code_the_login_accepts(demo, settings, capsys):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    settings.DEBUG = True
    call_command("demo_code", "yhteisomanageri@example.fi")
    code = capsys.readouterr().out.strip()
    device = TOTPDevice.objects.get(user__email="yhteisomanageri@example.fi")
    assert device.verify_token(code)


def test_the_data_page_shows_labels_in_the_readers_language_never_the_codes(client):
    user = make_member(
        "labels@example.fi", "Kaisla", gender="undisclosed", life_situation="retired", mother_tongue="fi"
    )
    client.force_login(user)
    page = client.get("/fi/me/data/").content.decode()
    facts = page.split('class="json"')[0]  # the JSON below keeps the codes on purpose
    assert "en halua kertoa" in facts and "eläkkeellä" in facts and "<dd>suomi</dd>" in facts
    assert "undisclosed" not in facts and "retired" not in facts and "<dd>fi</dd>" not in facts
