import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from accounts.models import Consent, Invitation, Member, User
from accounts.services import member_erase
from audit.models import AuditEvent

pytestmark = pytest.mark.django_db

INVITE = {
    "email": "Asukas@Example.fi",
    "full_name": "Anna Asukas",
    "phone": "040 123 4567",
    "birth_date": "15.3.1980",
    "municipality": "Kotka",
    "gender": "female",
    "mother_tongue": "fi",
    "life_situation": "working",
    "language": "fi",
}
GOOD_PASSWORD = "kolme pientä porsasta metsässä"


@pytest.fixture
def invite(manager_client, django_capture_on_commit_callbacks):
    """Invite a resident through the staff page and return the path of the emailed link."""

    def invite(manager_client=manager_client, **overrides) -> str:
        with django_capture_on_commit_callbacks(execute=True):
            response = manager_client.post("/fi/staff/members/invite/", {**INVITE, **overrides})
        assert response.status_code == 302, response.content.decode()[:2000]
        return link_in(mail.outbox[-1])

    return invite


def link_in(message) -> str:
    return re.search(r"http://testserver(/\S+/invitation/\S+/)", message.body).group(1)


def activation(**overrides) -> dict:
    return {
        "pseudonym": "Kotkan kulkija",
        "password1": GOOD_PASSWORD,
        "password2": GOOD_PASSWORD,
        "consent_processing": "on",
        "accept_terms": "on",
        **overrides,
    }


def test_it_invites_a_resident_with_a_plain_text_and_html_email(invite, manager_client, manager):
    path = invite()
    message = mail.outbox[-1]
    assert message.to == ["asukas@example.fi"]
    assert path in message.body
    assert message.alternatives and path in message.alternatives[0][0]
    user = User.objects.get(email="asukas@example.fi")
    assert not user.is_active and not user.has_usable_password()
    assert user.member.age_group == "45-54" or user.member.age_group == "35-44"
    assert AuditEvent.objects.filter(action="member_invited", actor=manager, subject_user_id=user.pk).exists()


def test_it_activates_with_pseudonym_password_and_consent(client, invite, manager_client):
    path = invite()
    assert client.get(path).status_code == 200
    response = client.post(path, activation())
    assert response.status_code == 302
    assert response["Location"] == "/fi/me/"
    user = User.objects.get(email="asukas@example.fi")
    assert user.is_active and user.check_password(GOOD_PASSWORD)
    assert user.member.pseudonym == "Kotkan kulkija"
    assert Consent.objects.filter(user=user, withdrawn_at__isnull=True).count() == 1
    home = client.get("/fi/me/")
    assert "Kotkan kulkija" in home.content.decode()


def test_it_refuses_a_reused_link(client, invite, manager_client):
    """SECURITY.md #15: An invitation link works once."""
    path = invite()
    client.post(path, activation())
    client.post("/fi/logout/")
    response = client.get(path)
    assert response.status_code == 404
    assert "already been used" in response.content.decode() or "jo käytetty" in response.content.decode()


def test_it_refuses_an_expired_link(client, invite, manager_client):
    """SECURITY.md #15: An invitation link expires."""
    path = invite()
    with time_machine.travel(timezone.now() + timedelta(days=15)):
        response = client.post(path, activation())
    assert response.status_code == 404
    assert not User.objects.get(email="asukas@example.fi").is_active


def test_it_accepts_a_link_on_its_last_valid_day(client, invite, manager_client):
    path = invite()
    with time_machine.travel(timezone.now() + timedelta(days=13, hours=23)):
        assert client.post(path, activation()).status_code == 302


def test_it_refuses_a_tampered_link(client, invite, manager_client):
    """SECURITY.md #15: An invitation link cannot be guessed by changing one."""
    path = invite()
    tampered = path[:-3] + ("A" if path[-3] != "A" else "B") + path[-2:]
    assert client.get(tampered).status_code == 404
    assert client.post(tampered, activation()).status_code == 404
    assert not User.objects.get(email="asukas@example.fi").is_active


def test_it_makes_an_earlier_link_stop_working_when_reinvited(client, invite, manager_client):
    first = invite()
    second = invite()
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200
    assert Invitation.objects.pending().count() == 1


def test_it_stores_only_a_hash_of_the_token(invite, manager_client):
    """SECURITY.md #15: A copy of the database opens no invitation."""
    path = invite()
    token = path.rstrip("/").rsplit("/", 1)[1]
    assert not Invitation.objects.filter(token_hash__contains=token).exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"password1": "lyhyt", "password2": "lyhyt"}, "password1"),
        ({"password1": "password1234", "password2": "password1234"}, "password1"),
        ({"password2": "something else entirely"}, "password2"),
        ({"pseudonym": "Anna Asukas"}, "pseudonym"),
        ({"pseudonym": "asukas_fan"}, "pseudonym"),
        ({"pseudonym": "x" * 31}, "pseudonym"),
        ({"pseudonym": "<script>"}, "pseudonym"),
        ({"pseudonym": "admin"}, "pseudonym"),
        ({"consent_processing": ""}, "consent_processing"),
        ({"accept_terms": ""}, "accept_terms"),
    ],
)
def test_it_refuses_bad_activation_input_and_keeps_typed_values(client, invite, manager_client, overrides, message):
    """SECURITY.md #15: Short and common passwords are refused, like bad pseudonyms."""
    path = invite()
    response = client.post(path, activation(**overrides))
    assert response.status_code == 200
    assert message in response.context["form"].errors
    user = User.objects.get(email="asukas@example.fi")
    assert not user.is_active and not user.has_usable_password()
    pseudonym = activation(**overrides)["pseudonym"]
    if message != "pseudonym":
        assert f'value="{pseudonym}"' in response.content.decode()
    assert f'aria-describedby="id_{message}_helptext id_{message}_error"' in response.content.decode() or (
        f'aria-describedby="id_{message}_error"' in response.content.decode()
    )


def test_it_refuses_a_pseudonym_already_taken_whatever_its_case(client, invite, manager_client, member):
    path = invite()
    response = client.post(path, activation(pseudonym=member.member.pseudonym.upper()))
    assert "pseudonym" in response.context["form"].errors


def test_it_accepts_a_64_character_passphrase(client, invite, manager_client):
    """SECURITY.md #15: A long passphrase is welcome: 64 characters are accepted."""
    path = invite()
    passphrase = "tämä on pitkä salalause jossa on monta sanaa ja se on hyvä!!!!!!"
    assert len(passphrase) == 64
    response = client.post(path, activation(password1=passphrase, password2=passphrase))
    assert response.status_code == 302
    assert User.objects.get(email="asukas@example.fi").check_password(passphrase)


def test_it_does_not_invite_an_existing_member_again(invite, manager_client, member):
    response = manager_client.post("/fi/staff/members/invite/", {**INVITE, "email": member.email})
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert len(mail.outbox) == 0


def test_it_refuses_an_under_16_resident(invite, manager_client):
    young = (timezone.localdate() - timedelta(days=365 * 15)).strftime("%d.%m.%Y")
    response = manager_client.post("/fi/staff/members/invite/", {**INVITE, "birth_date": young})
    assert "birth_date" in response.context["form"].errors
    assert not User.objects.filter(email="asukas@example.fi").exists()


def test_it_sends_the_invitation_in_the_residents_language(invite, manager_client):
    invite(language="sv")
    message = mail.outbox[-1]
    assert "/sv/invitation/" in message.body


def test_it_invites_staff_who_then_must_enrol_a_second_factor(
    client, manager_client, sote, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(
            "/fi/staff/team/invite/",
            {
                "email": "uusi@example.fi",
                "full_name": "Uusi Kehittäjä",
                "role": "developer",
                "organisation": sote.pk,
                "language": "fi",
            },
        )
    assert response.status_code == 302
    path = link_in(mail.outbox[-1])
    response = client.post(path, {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD})
    assert response["Location"] == "/fi/second-factor/enrol/"
    assert client.get("/fi/staff/").status_code == 302
    user = User.objects.get(email="uusi@example.fi")
    assert user.organisation == sote and user.is_developer and not Member.objects.filter(user=user).exists()


def test_it_requires_an_organisation_for_a_developer(manager_client):
    response = manager_client.post(
        "/fi/staff/team/invite/", {"email": "x@example.fi", "full_name": "X", "role": "developer", "language": "fi"}
    )
    assert "organisation" in response.context["form"].errors
    assert not User.objects.filter(email="x@example.fi").exists()


def test_an_invited_resident_without_a_pseudonym_is_not_shown_as_deleted(invite, manager_client):
    invite()
    member = Member.objects.get(user__email="asukas@example.fi")
    page = manager_client.get("/fi/staff/members/?status=invited").content.decode()
    assert "kutsuttu, ei vielä nimimerkkiä" in page and "poistettu jäsen" not in page
    assert member.user.display_name == member.display_name == "kutsuttu, ei vielä nimimerkkiä"


def test_an_erased_member_is_still_shown_as_deleted(invite, manager_client):
    invite()
    user = User.objects.get(email="asukas@example.fi")
    member_erase(user=user, contributions=False)
    assert Member.objects.get(user=user).display_name == "poistettu jäsen"
