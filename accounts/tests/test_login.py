import re

import pytest
from django.core import mail
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.services import backup_codes_create
from conftest import PASSWORD

pytestmark = pytest.mark.django_db


def login(client: Client, email: str, password: str = PASSWORD, ip: str = "10.0.0.1"):
    return client.post("/fi/login/", {"username": email, "password": password}, REMOTE_ADDR=ip)


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def test_it_logs_a_member_in_and_rotates_the_session_id(client, member):
    """SECURITY.md #11: A session id planted before login is worthless after it."""
    client.get("/fi/login/")
    before = client.cookies.get("sessionid")
    response = login(client, "MEMBER@example.fi")
    assert response.status_code == 302
    assert client.cookies["sessionid"].value != (before.value if before else None)
    assert client.get("/fi/me/").status_code == 200


def test_it_shows_a_clear_message_for_a_wrong_password(client, member):
    response = login(client, member.email, "wrong password here")
    assert response.status_code == 200
    assert "wrong" in response.content.decode() or "väärin" in response.content.decode()


def test_it_refuses_logout_by_get(client, member):
    login(client, member.email)
    assert client.get("/fi/logout/").status_code == 405
    assert client.get("/fi/me/").status_code == 200


def test_it_does_not_accept_a_session_cookie_replayed_after_logout(client, member):
    """SECURITY.md #11: A cookie stolen before logout opens nothing after it."""
    login(client, member.email)
    stolen = client.cookies["sessionid"].value
    client.post("/fi/logout/")
    thief = Client()
    thief.cookies["sessionid"] = stolen
    response = thief.get("/fi/me/")
    assert response.status_code == 302
    assert "/fi/login/" in response["Location"]


def test_it_locks_the_username_and_ip_pair_after_repeated_failures(client, member, settings):
    """SECURITY.md #13: Guessing locks the username from that address only; the owner still logs in from elsewhere."""
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        # Case variants of the address count as the same username.
        email = member.email.upper() if attempt % 2 else member.email
        login(client, email, "wrong password", ip="10.0.0.9")
    locked = login(client, member.email, PASSWORD, ip="10.0.0.9")
    assert locked.status_code == 429
    assert "15" in locked.content.decode()
    # The right password from another address still works: nobody can lock a victim out.
    elsewhere = login(Client(), member.email, PASSWORD, ip="10.0.0.10")
    assert elsewhere.status_code == 302


def test_it_does_not_let_a_member_open_staff_pages(member_client):
    response = member_client.get("/fi/staff/")
    assert response.status_code == 403
    assert "staff" in response.content.decode().lower() or "henkilökunta" in response.content.decode().lower()


def test_it_sends_staff_to_the_second_factor_after_the_password(client, developer):
    """SECURITY.md #14: The password alone opens no staff page."""
    response = client.post("/fi/login/", {"username": developer.email, "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0].startswith("/fi/second-factor/")
    assert client.get("/fi/staff/")["Location"].startswith("/fi/second-factor/")


def test_it_verifies_a_totp_code_and_refuses_its_reuse(client, developer):
    device = TOTPDevice.objects.get(user=developer)
    login(client, developer.email)
    code = current_code(device)
    response = client.post("/fi/second-factor/", {"token": code, "next": "/fi/staff/"})
    assert response.status_code == 302
    assert response["Location"] == "/fi/staff/"
    assert client.get("/fi/staff/").status_code == 200
    # The same code a second time, in a new session, is refused.
    other = Client()
    login(other, developer.email)
    again = other.post("/fi/second-factor/", {"token": code})
    assert again.status_code == 200
    assert "token" in again.context["form"].errors


def test_it_refuses_a_wrong_totp_code(client, developer):
    login(client, developer.email)
    response = client.post("/fi/second-factor/", {"token": "000000"})
    assert response.status_code == 200
    assert "token" in response.context["form"].errors
    assert client.get("/fi/staff/").status_code == 302


def test_it_accepts_each_backup_code_only_once(client, developer):
    codes = backup_codes_create(user=developer)
    assert len(codes) == 10 and len(set(codes)) == 10
    login(client, developer.email)
    assert client.post("/fi/second-factor/", {"token": codes[0]}).status_code == 302
    other = Client()
    login(other, developer.email)
    assert other.post("/fi/second-factor/", {"token": codes[0]}).status_code == 200
    assert StaticToken.objects.filter(device__user=developer).count() == 9


def test_it_ignores_an_unsafe_next_address_after_the_second_factor(client, developer):
    login(client, developer.email)
    device = TOTPDevice.objects.get(user=developer)
    response = client.post("/fi/second-factor/", {"token": current_code(device), "next": "https://evil.example/"})
    assert response["Location"] == "/fi/staff/"


def test_it_enrols_a_new_authenticator_and_shows_backup_codes(client, manager):
    TOTPDevice.objects.filter(user=manager).delete()
    login(client, manager.email)
    page = client.get("/fi/second-factor/enrol/")
    assert page.status_code == 200
    assert 'src="data:image/svg+xml' in page.content.decode()
    device = TOTPDevice.objects.get(user=manager, confirmed=False)
    wrong = client.post("/fi/second-factor/enrol/", {"token": "123456"})
    assert "token" in wrong.context["form"].errors
    response = client.post("/fi/second-factor/enrol/", {"token": current_code(device)})
    assert response.status_code == 200
    assert len(response.context["codes"]) == 10
    assert client.get("/fi/staff/").status_code == 200


def test_it_does_not_let_a_password_alone_replace_an_enrolled_authenticator(client, developer):
    login(client, developer.email)
    response = client.get("/fi/second-factor/enrol/")
    assert response["Location"] == "/fi/second-factor/"


def test_it_resets_a_password_by_email_and_still_asks_staff_for_the_second_factor(
    client, developer, django_capture_on_commit_callbacks
):
    """SECURITY.md #14 and #15: A reset password is no way around the second factor, and the reset link works once."""
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/fi/password/reset/", {"email": developer.email})
    message = mail.outbox[-1]
    assert message.alternatives, "every email has an HTML part beside the plain text"
    path = re.search(r"http://testserver(/\S+)", message.body).group(1)
    form_page = client.get(path, follow=True)
    new_password = "uusi pitkä salasana kesällä"
    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password}
    )
    assert response.status_code == 302
    # No automatic login: the staff user logs in and passes the second factor.
    assert client.get("/fi/staff/").status_code == 302
    login(client, developer.email, new_password)
    assert client.get("/fi/staff/")["Location"].startswith("/fi/second-factor/")
    # The link works once.
    assert (
        "validlink" in client.get(path, follow=True).context and not client.get(path, follow=True).context["validlink"]
    )


def test_it_says_the_same_for_unknown_addresses_in_password_reset(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/fi/password/reset/", {"email": "nobody@example.fi"})
    assert response.status_code == 302
    assert len(mail.outbox) == 0


def test_production_settings_hash_passwords_with_argon2():
    from prototyypit import settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_after_a_wrong_code_it_says_to_wait_rather_than_that_the_right_code_is_wrong(client, developer):
    device = TOTPDevice.objects.get(user=developer)
    login(client, developer.email)
    client.post("/fi/second-factor/", {"token": "000000"})
    response = client.post("/fi/second-factor/", {"token": current_code(device)})
    assert response.status_code == 200
    message = " ".join(response.context["form"].errors["token"])
    assert "Wait" in message or "Odota" in message
    assert "seconds" in message or "sekuntia" in message
