import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from audit.models import AuditEvent
from conftest import make_member

pytestmark = pytest.mark.django_db


def test_it_lists_members_by_pseudonym_never_by_name(manager_client, member, other_member):
    page = manager_client.get("/fi/staff/members/").content.decode()
    assert "Meritähti" in page and "Kuusipuu" in page
    assert "Resident Person" not in page
    assert member.email not in page


def test_it_paginates_members_with_a_fixed_number_of_queries(manager_client, django_assert_max_num_queries):
    for number in range(30):
        make_member(f"m{number}@example.fi", f"Jäsen{number:02d}", age_group="25-34")
    with django_assert_max_num_queries(12):
        page = manager_client.get("/fi/staff/members/")
    assert page.context["page"].paginator.num_pages == 2
    assert len(page.context["page"]) == 25
    assert manager_client.get("/fi/staff/members/?page=999").context["page"].number == 2
    assert manager_client.get("/fi/staff/members/?page=abc").context["page"].number == 1


def test_it_filters_members_by_background(manager_client, member, other_member):
    page = manager_client.get("/fi/staff/members/?age_group=65-74")
    assert [m.pseudonym for m in page.context["page"]] == ["Kuusipuu"]


def test_it_shows_identity_only_with_a_reason_and_logs_the_read(manager_client, manager, member):
    """SECURITY.md #4 and #5: Identity is shown to a manager only with a reason, and the read is logged."""
    page = manager_client.get(f"/fi/staff/people/{member.pk}/identity/")
    assert member.email not in page.content.decode()
    assert not AuditEvent.objects.filter(action="identity_viewed").exists()
    refused = manager_client.post(f"/fi/staff/people/{member.pk}/identity/", {"reason": ""})
    assert member.email not in refused.content.decode()
    shown = manager_client.post(f"/fi/staff/people/{member.pk}/identity/", {"reason": "Support request 12"})
    assert member.email in shown.content.decode()
    event = AuditEvent.objects.get(action="identity_viewed")
    assert (event.actor, event.subject_user_id, event.reason) == (manager, member.pk, "Support request 12")


@pytest.mark.parametrize("persona", ["developer_client", "member_client"])
def test_it_refuses_identity_to_everyone_but_managers(request, persona, member):
    client = request.getfixturevalue(persona)
    response = client.post(f"/fi/staff/people/{member.pk}/identity/", {"reason": "curious"})
    assert response.status_code == 403
    assert member.email not in response.content.decode()
    assert not AuditEvent.objects.filter(action="identity_viewed").exists()


def test_it_answers_404_for_an_unknown_person_and_logs_the_attempt(manager_client):
    assert manager_client.get("/fi/staff/people/999999/identity/").status_code == 404
    assert AuditEvent.objects.filter(action="access_denied").exists()


def test_deactivating_a_member_ends_all_their_sessions(manager_client, manager, member):
    """SECURITY.md #12: A deactivated member's open sessions stop working at once."""
    phone, laptop = Client(), Client()
    phone.force_login(member)
    laptop.force_login(member)
    assert phone.get("/fi/me/").status_code == 200
    response = manager_client.post(f"/fi/staff/people/{member.pk}/deactivate/")
    assert response.status_code == 302
    for device in (phone, laptop):
        assert device.get("/fi/me/").status_code == 302
    assert AuditEvent.objects.filter(action="user_deactivated", subject_user_id=member.pk, actor=manager).exists()


def test_deactivation_refuses_get(manager_client, member):
    assert manager_client.get(f"/fi/staff/people/{member.pk}/deactivate/").status_code == 405
    assert User.objects.get(pk=member.pk).is_active


def test_a_manager_cannot_deactivate_themselves(manager_client, manager):
    manager_client.post(f"/fi/staff/people/{manager.pk}/deactivate/")
    assert User.objects.get(pk=manager.pk).is_active


def test_resetting_a_second_factor_needs_a_reason_is_logged_and_ends_sessions(manager_client, developer):
    """SECURITY.md #5 and #12: A second-factor reset needs a reason, is logged and ends the person's sessions."""
    from conftest import verified_client

    colleague = verified_client(developer)
    assert colleague.get("/fi/staff/").status_code == 200
    assert (
        manager_client.post(f"/fi/staff/people/{developer.pk}/second-factor-reset/", {"reason": ""}).status_code == 200
    )
    assert TOTPDevice.objects.filter(user=developer).exists()
    response = manager_client.post(f"/fi/staff/people/{developer.pk}/second-factor-reset/", {"reason": "Lost phone"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=developer).exists()
    assert colleague.get("/fi/staff/").status_code == 302
    assert AuditEvent.objects.get(action="second_factor_reset").reason == "Lost phone"


def test_a_developer_cannot_reach_manager_pages(developer_client, member):
    for path in [
        "/fi/staff/members/",
        "/fi/staff/team/",
        "/fi/audit/",
        "/fi/staff/terms/",
        "/fi/staff/members/invite/",
    ]:
        assert developer_client.get(path).status_code == 403, path
    assert developer_client.post(f"/fi/staff/people/{member.pk}/deactivate/").status_code == 403
    assert User.objects.get(pk=member.pk).is_active


def csv_file(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("members.csv", text.encode("utf-8"), content_type="text/csv")


def test_it_imports_many_residents_from_csv(manager_client, django_capture_on_commit_callbacks):
    text = (
        "email,full_name,phone,birth_date,municipality,gender,mother_tongue,life_situation,language\n"
        "a1@example.fi,Aino Yksi,0401,1.2.1950,Kotka,female,fi,retired,fi\n"
        "a2@example.fi,Bertil Två,,1999-05-05,Hamina,male,sv,studying,sv\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post("/fi/staff/members/import/", {"file": csv_file(text)})
    assert response.status_code == 302
    assert len(mail.outbox) == 2
    assert User.objects.get(email="a2@example.fi").member.mother_tongue == "sv"


def test_it_imports_semicolon_separated_files_from_spreadsheets(manager_client):
    text = "email;full_name\nb1@example.fi;Bea Yksi\n"
    assert manager_client.post("/fi/staff/members/import/", {"file": csv_file(text)}).status_code == 302
    assert User.objects.filter(email="b1@example.fi").exists()


@pytest.mark.parametrize(
    "text",
    [
        "email,full_name\na1@example.fi,Aino\nnot-an-email,Bad Row\n",
        "email,full_name\na1@example.fi,Aino\na1@example.fi,Aino Again\n",
        "email,full_name,birth_date\na1@example.fi,Aino,1.1.2020\n",
        "email,full_name,municipality\na1@example.fi,Aino,Helsinki\n",
        "name,phone\nAino,040\n",
        "",
    ],
)
def test_it_imports_nothing_when_any_row_is_bad(manager_client, text):
    response = manager_client.post("/fi/staff/members/import/", {"file": csv_file(text)})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not User.objects.filter(email="a1@example.fi").exists()
    assert len(mail.outbox) == 0


def test_it_refuses_a_file_that_is_not_utf8(manager_client):
    data = "email,full_name\na1@example.fi,Äinö\n".encode("utf-16")
    upload = SimpleUploadedFile("m.csv", data, content_type="text/csv")
    response = manager_client.post("/fi/staff/members/import/", {"file": upload})
    assert "UTF-8" in str(response.context["form"].errors["file"])


def test_it_refuses_an_existing_member_in_the_csv(manager_client, member):
    text = f"email,full_name\n{member.email},Someone\nnew@example.fi,New One\n"
    response = manager_client.post("/fi/staff/members/import/", {"file": csv_file(text)})
    assert response.status_code == 200
    assert not User.objects.filter(email="new@example.fi").exists()


def test_it_escapes_script_in_names_and_pseudonyms_on_staff_pages(manager_client, sote):
    """SECURITY.md #17: Script in names and pseudonyms shows as text on staff pages."""
    make_member("x@example.fi", "Kala", municipality="Kotka")
    payload = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    User.objects.create_user(
        "s@example.fi", "pw", role="developer", organisation=sote, full_name=payload, is_active=True
    )
    page = manager_client.get("/fi/staff/team/").content.decode()
    assert payload not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_import_parses_the_file_once_in_memory(manager_client):
    # A 2,000-row file is accepted; one more is refused with a clear message.
    rows = "".join(f"p{n}@example.fi,Person {n}\n" for n in range(2001))
    response = manager_client.post("/fi/staff/members/import/", {"file": csv_file("email,full_name\n" + rows)})
    assert "2000" in str(response.context["form"].errors["file"])
