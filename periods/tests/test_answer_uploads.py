"""Uploads in a survey: images re-encoded without metadata, PDFs by their header, limits, and who may download."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from audit.models import AuditEvent
from conftest import verified_client
from periods.models import Answer, QuestionKind, Response
from periods.tests.factories import PeriodFactory, QuestionFactory, TaskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def question(member, sote):
    task = TaskFactory(period=PeriodFactory(members=[member], organisations=[sote]))
    return QuestionFactory(task=task, kind=QuestionKind.UPLOAD, upload_types=["image", "pdf"], max_size_mb=1)


def jpeg_with_exif() -> bytes:
    image = Image.new("RGB", (8, 8), "red")
    exif = Image.Exif()
    exif[0x010F] = "SecretCamera"  # Make
    exif[0x8825] = {2: (60.0, 10.0, 0.0)}  # GPS
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def post(client, question, upload):
    task = question.task
    return client.post(f"/en/periods/{task.period_id}/tasks/{task.pk}/", {f"q{question.pk}": upload})


def test_an_image_is_re_encoded_without_exif_and_stored_under_a_server_name(member_client, question):
    """SECURITY.md #19: An image is re-encoded without its EXIF data and stored under a name the server makes."""
    raw = jpeg_with_exif()
    assert b"SecretCamera" in raw
    response = post(member_client, question, SimpleUploadedFile("../../kuva <b>.JPG", raw, content_type="image/jpeg"))
    assert response.status_code == 302
    answer = Answer.objects.get()
    assert answer.file_name == "kuva b.JPG"
    assert answer.file.name.endswith(".jpg") and "kuva" not in answer.file.name
    stored = answer.file.read()
    assert b"SecretCamera" not in stored
    assert not Image.open(io.BytesIO(stored)).getexif()


def test_a_png_and_a_pdf_are_accepted(member_client, question):
    out = io.BytesIO()
    Image.new("P", (4, 4)).save(out, format="PNG")
    assert post(member_client, question, SimpleUploadedFile("a.png", out.getvalue())).status_code == 302
    pdf = SimpleUploadedFile("liite.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF")
    assert post(member_client, question, pdf).status_code == 302
    assert Answer.objects.get().file_name == "liite.pdf"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("kuva.pdf", None, "does not match"),
        ("kuva.png", None, "does not match"),
        ("skripti.jpg", b"<script>alert(1)</script>", "damaged or not an image"),
        ("rikki.png", b"\x89PNG\r\n\x1a\nbroken", "damaged or not an image"),
        ("dokkari.jpg", b"%PDF-1.4 ...", "not accepted"),
    ],
)
def test_mismatched_or_malformed_files_are_refused(member_client, question, name, content, message):
    """SECURITY.md #19: A file whose content does not match its extension, or is broken, is refused."""
    content = content if content is not None else jpeg_with_exif()
    response = post(member_client, question, SimpleUploadedFile(name, content))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Answer.objects.exists()


def test_an_oversized_file_is_refused(member_client, question):
    """SECURITY.md #19: A file over the question's size limit is refused."""
    big = SimpleUploadedFile("iso.pdf", b"%PDF-" + b"0" * (1024 * 1024 + 1))
    response = post(member_client, question, big)
    assert response.status_code == 400 and "too large" in response.content.decode()
    assert not Answer.objects.exists()


def test_a_pdf_is_refused_where_only_images_are_accepted(member_client, question):
    question.upload_types = ["image"]
    question.save()
    response = post(member_client, question, SimpleUploadedFile("a.pdf", b"%PDF-1.4"))
    assert response.status_code == 400 and not Answer.objects.exists()


def test_the_file_downloads_only_to_its_owner_and_staff_of_the_organisation(
    member_client, question, other_member, manager_client, developer_client, outsider_client
):
    """SECURITY.md #1, #3 and #19: The file downloads, as an attachment, only to its owner and the organisation's staff."""
    post(member_client, question, SimpleUploadedFile("a.pdf", b"%PDF-1.4 data"))
    answer = Answer.objects.get()
    address = f"/en/periods/files/{answer.pk}/"
    mine = member_client.get(address)
    assert mine.status_code == 200
    assert mine["Content-Disposition"].startswith("attachment;")
    assert mine["Content-Type"] == "application/octet-stream"
    assert b"".join(mine.streaming_content) == b"%PDF-1.4 data"
    assert verified_client(other_member).get(address).status_code == 404
    assert outsider_client.get(address).status_code == 404
    assert Client().get(address).status_code == 302
    assert manager_client.get(address).status_code == 200
    assert developer_client.get(address).status_code == 200
    assert AuditEvent.objects.filter(action="answers_viewed").count() == 2
    assert AuditEvent.objects.filter(action="access_denied").count() == 2
    assert not answer.file.url.startswith("/en/periods/")  # the stored file has no public page of ours
    task = question.task
    answers_page = developer_client.get(f"/en/staff/periods/{task.period_id}/tasks/{task.pk}/answers/")
    assert f'<a href="{address}">a.pdf</a>' in answers_page.content.decode()


def test_a_file_sent_with_a_refused_form_is_named_so_the_member_attaches_it_again(member_client, question):
    text = QuestionFactory(task=question.task, kind=QuestionKind.TEXT, required=True, min_length=10)
    task = question.task
    url = f"/en/periods/{task.period_id}/tasks/{task.pk}/"
    photo = SimpleUploadedFile("bussipysäkki.jpg", jpeg_with_exif(), content_type="image/jpeg")
    response = member_client.post(url, {f"q{question.pk}": photo, f"q{text.pk}": "lyhyt"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "The file “bussipysäkki.jpg” was not saved with this form. Attach it again" in page
    assert "lyhyt" in page  # the typed text is kept as a draft and shown again
    assert not Answer.objects.exists()
    again = SimpleUploadedFile("bussipysäkki.jpg", jpeg_with_exif(), content_type="image/jpeg")
    version = Response.objects.get(task=task).version  # the page carries it
    response = member_client.post(
        url, {f"q{question.pk}": again, f"q{text.pk}": "Pysäkillä ei ole katosta.", "version": version}
    )
    assert response.status_code == 302
    assert Answer.objects.get(question=question).file_name == "bussipysäkki.jpg"


def test_a_draft_saved_with_a_file_says_the_file_was_not_kept(member_client, question):
    task = question.task
    photo = SimpleUploadedFile("kuva.jpg", jpeg_with_exif(), content_type="image/jpeg")
    url = f"/en/periods/{task.period_id}/tasks/{task.pk}/"
    response = member_client.post(url, {f"q{question.pk}": photo, "action": "draft"}, follow=True)
    page = response.content.decode()
    assert "Your draft has been saved." in page
    assert "The file “kuva.jpg” was not saved with this form." in page
    assert not Answer.objects.exists()
