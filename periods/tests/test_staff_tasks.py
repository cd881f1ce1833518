"""Tasks inside a period: create, edit, attachments, order, delete, statements."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from audit.models import AuditEvent
from periods.models import Approval, Response, Statement, StatementStatus, Task, TaskKind
from periods.tests.factories import PeriodFactory, TaskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    return buffer.getvalue()


def base(period) -> str:
    return f"/fi/staff/periods/{period.pk}/tasks/"


def test_a_manager_adds_an_approved_task_at_the_end(manager_client, manager, sote):
    period = PeriodFactory(organisations=[sote])
    TaskFactory(period=period, order=5)
    response = manager_client.post(
        base(period) + "new/",
        {"kind": "discussion", "title_fi": "Keskustelu", "title_sv": "Diskussion", "instructions_fi": "Kerro."},
    )
    assert response.status_code == 302
    task = Task.objects.get(title_fi="Keskustelu")
    assert (task.order, task.approval, task.created_by, task.kind) == (6, Approval.APPROVED, manager, "discussion")
    assert task.others_after_answering is False  # an unticked checkbox posts nothing


def test_an_image_attachment_is_stored_under_a_server_name(manager_client, sote):
    period = PeriodFactory(organisations=[sote])
    upload = SimpleUploadedFile("../kuva <script>.png", png_bytes(), content_type="image/png")
    manager_client.post(base(period) + "new/", {"kind": "survey", "title_fi": "Kuva", "attachment_file": upload})
    task = Task.objects.get()
    assert task.attachment.name.startswith("tasks/") and task.attachment.name.endswith(".png")
    assert "script" not in task.attachment.name
    assert task.attachment_name == "kuva script.png"  # markup characters dropped


def test_a_pdf_attachment_is_accepted(manager_client, sote):
    period = PeriodFactory(organisations=[sote])
    upload = SimpleUploadedFile("ohje.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    manager_client.post(base(period) + "new/", {"kind": "survey", "title_fi": "Ohje", "attachment_file": upload})
    assert Task.objects.get().attachment.name.endswith(".pdf")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("virus.exe", b"MZ\x90\x00"),
        ("kuva.png", b"not an image at all"),
        ("kuva.png", b"%PDF-1.4 pretending"),
        ("ohje.pdf", b"\x89PNG\r\n\x1a\nbroken"),
        ("iso.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024)),
    ],
)
def test_bad_attachments_are_refused(manager_client, sote, name, content):
    period = PeriodFactory(organisations=[sote])
    upload = SimpleUploadedFile(name, content)
    response = manager_client.post(
        base(period) + "new/", {"kind": "survey", "title_fi": "X", "attachment_file": upload}
    )
    assert "attachment_file" in response.context["form"].errors
    assert not Task.objects.exists()


def test_the_kind_cannot_change_once_answered(manager_client, member, sote):
    task = TaskFactory(period=PeriodFactory(organisations=[sote]))
    Response.objects.create(task=task, member=member)
    response = manager_client.post(base(task.period) + f"{task.pk}/edit/", {"kind": "diary", "title_fi": "X"})
    assert "kind" in response.context["form"].errors
    task.refresh_from_db()
    assert task.kind == TaskKind.SURVEY


def test_tasks_move_up_and_down(manager_client, sote):
    period = PeriodFactory(organisations=[sote])
    first, second, third = (TaskFactory(period=period, order=n) for n in (1, 2, 3))
    manager_client.post(base(period) + f"{third.pk}/move/", {"direction": "up"})
    assert list(period.tasks.order_by("order").values_list("pk", flat=True)) == [first.pk, third.pk, second.pk]
    manager_client.post(base(period) + f"{first.pk}/move/", {"direction": "up"})
    manager_client.post(base(period) + f"{first.pk}/move/", {"direction": "sideways"})
    assert list(period.tasks.order_by("order").values_list("pk", flat=True)) == [first.pk, third.pk, second.pk]
    assert manager_client.get(base(period) + f"{first.pk}/move/").status_code == 405


def test_an_answered_task_of_an_open_period_is_not_deleted(manager_client, member, sote):
    task = TaskFactory(period=PeriodFactory(organisations=[sote]))
    Response.objects.create(task=task, member=member)
    manager_client.post(base(task.period) + f"{task.pk}/delete/")
    assert Task.objects.filter(pk=task.pk).exists()
    unanswered = TaskFactory(period=task.period)
    manager_client.post(base(task.period) + f"{unanswered.pk}/delete/")
    assert not Task.objects.filter(pk=unanswered.pk).exists()


def test_a_task_of_a_scheduled_period_is_deleted(manager_client, sote):
    period = PeriodFactory(
        organisations=[sote], starts_at=timezone.now() + timedelta(days=2), ends_at=timezone.now() + timedelta(days=11)
    )
    task = TaskFactory(period=period)
    manager_client.post(base(period) + f"{task.pk}/delete/")
    assert not Task.objects.exists()


def test_a_developer_edits_only_their_own_unapproved_task(developer_client, developer, sote):
    period = PeriodFactory(organisations=[sote])
    approved = TaskFactory(period=period)
    own = TaskFactory(period=period, created_by=developer, approval=Approval.RETURNED)
    assert developer_client.get(base(period) + f"{approved.pk}/edit/").status_code == 403
    assert developer_client.post(base(period) + f"{approved.pk}/delete/").status_code == 403
    assert developer_client.post(base(period) + f"{approved.pk}/move/", {"direction": "up"}).status_code == 403
    assert developer_client.get(base(period) + f"{own.pk}/edit/").status_code == 200


def test_staff_add_statements_and_review_members_statements(manager_client, manager, member, sote):
    task = TaskFactory(period=PeriodFactory(organisations=[sote]), kind=TaskKind.STATEMENTS)
    url = base(task.period) + f"{task.pk}/statements/"
    manager_client.post(url + "new/", {"text_fi": "Palvelu on hyvä.", "text_sv": "Tjänsten är bra."})
    manager_client.post(url + "new/", {"text_fi": ""})
    manager_client.post(url + "new/", {"text_fi": "x" * 301})
    staff_statement = Statement.objects.get()
    assert staff_statement.status == StatementStatus.APPROVED and staff_statement.author is None
    pending = Statement.objects.create(task=task, text_fi="Jonot ovat pitkiä.", author=member, status="pending")
    page = manager_client.get(base(task.period) + f"{task.pk}/")
    assert "Jonot ovat pitkiä." in page.content.decode()
    manager_client.post(url + f"{pending.pk}/review/", {"decision": "maybe"})
    pending.refresh_from_db()
    assert pending.status == StatementStatus.PENDING
    manager_client.post(url + f"{pending.pk}/review/", {"decision": "reject"})
    pending.refresh_from_db()
    assert pending.status == StatementStatus.REJECTED
    event = AuditEvent.objects.get(action="statement_reviewed")
    assert event.subject_user_id == member.pk and event.actor == manager


def test_a_developer_cannot_review_statements(developer_client, member, sote):
    task = TaskFactory(period=PeriodFactory(organisations=[sote]), kind=TaskKind.STATEMENTS)
    pending = Statement.objects.create(task=task, text_fi="X", author=member, status="pending")
    url = base(task.period) + f"{task.pk}/statements/{pending.pk}/review/"
    assert developer_client.post(url, {"decision": "approve"}).status_code == 403


def test_a_statement_of_another_task_is_not_found(manager_client, sote):
    task = TaskFactory(period=PeriodFactory(organisations=[sote]), kind=TaskKind.STATEMENTS)
    other = Statement.objects.create(task=TaskFactory(kind=TaskKind.STATEMENTS), text_fi="X", status="pending")
    url = base(task.period) + f"{task.pk}/statements/{other.pk}/review/"
    assert manager_client.post(url, {"decision": "approve"}).status_code == 404


def test_the_preview_shows_the_member_page_and_saves_nothing(manager_client, sote):
    pytest.importorskip("periods.views.member")
    from periods.views import member

    if not hasattr(member, "task_page_render"):
        pytest.skip("the member task page is not there yet")
    task = TaskFactory(period=PeriodFactory(organisations=[sote]))
    response = manager_client.get(base(task.period) + f"{task.pk}/preview/")
    assert response.status_code == 200
    assert not Response.objects.exists()


@pytest.mark.parametrize("count", [3, 30])
def test_the_task_pages_have_a_fixed_query_budget(manager_client, sote, count, member, django_assert_max_num_queries):
    from periods.tests.factories import QuestionFactory

    period = PeriodFactory(organisations=[sote])
    survey = TaskFactory(period=period)
    QuestionFactory.create_batch(count, task=survey)
    statements = TaskFactory(period=period, kind=TaskKind.STATEMENTS)
    Statement.objects.bulk_create([Statement(task=statements, text_fi=f"S{n}", author=member) for n in range(count)])
    with django_assert_max_num_queries(8):
        assert manager_client.get(base(period) + f"{survey.pk}/").status_code == 200
    with django_assert_max_num_queries(8):
        assert manager_client.get(base(period) + f"{statements.pk}/").status_code == 200
    with django_assert_max_num_queries(9):
        assert manager_client.get(base(period) + f"{survey.pk}/edit/").status_code == 200
    with django_assert_max_num_queries(7):
        assert manager_client.get(base(period) + "new/").status_code == 200


def test_an_attachment_is_removed(manager_client, sote):
    period = PeriodFactory(organisations=[sote])
    upload = SimpleUploadedFile("ohje.pdf", b"%PDF-1.4\n%%EOF\n")
    manager_client.post(base(period) + "new/", {"kind": "survey", "title_fi": "Ohje", "attachment_file": upload})
    task = Task.objects.get()
    page = manager_client.get(base(period) + f"{task.pk}/edit/")
    assert "ohje.pdf" in page.content.decode() and "remove_attachment" in page.context["form"].fields
    manager_client.post(
        base(period) + f"{task.pk}/edit/", {"kind": "survey", "title_fi": "Ohje", "remove_attachment": "on"}
    )
    task.refresh_from_db()
    assert not task.attachment and task.attachment_name == ""


def test_no_tasks_are_added_to_a_closed_period(manager_client, sote):
    period = PeriodFactory(
        organisations=[sote], starts_at=timezone.now() - timedelta(days=20), ends_at=timezone.now() - timedelta(days=10)
    )
    response = manager_client.post(base(period) + "new/", {"kind": "survey", "title_fi": "Myöhässä"})
    assert response.status_code == 302
    assert not Task.objects.exists()
