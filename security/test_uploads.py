"""Decompression bombs: an upload that declares more pixels than the limit is refused before decoding.

The attack from issue 12: a 12000 × 12000 PNG of one colour compresses to a few kilobytes and took
seconds and 400 MB of server memory to decode. Every form that accepts an image goes through
`periods.uploads.upload_check`: a member's survey answer and a task's attachment.
"""

import struct
import warnings
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageFile

from periods.models import Answer, QuestionKind, Task
from periods.tests.factories import PeriodFactory, QuestionFactory, TaskFactory

pytestmark = pytest.mark.django_db


class Decoded(AssertionError):
    """Raised when Pillow is asked to decode pixels: the refusal came too late."""


def png_declaring(width: int, height: int) -> bytes:
    """A valid one-bit greyscale PNG of `width` × `height` black pixels: tiny on disk, huge when decoded."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = bytes(1 + (width + 7) // 8)  # filter byte 0, then the row's bits
    packer = zlib.compressobj(9)
    pixels = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def no_decoding(monkeypatch):
    """Fail the test if any pixel is decoded."""

    def decode(*args, **kwargs):
        raise Decoded("Pillow was asked to decode the image")

    monkeypatch.setattr(ImageFile.ImageFile, "load", decode)
    monkeypatch.setattr(Image.Image, "load", decode)
    monkeypatch.setattr(Image, "_getdecoder", decode)


@pytest.fixture(scope="module")
def bomb() -> bytes:
    content = png_declaring(12000, 12000)
    assert len(content) < 100_000  # 144 megapixels in under 100 KB
    return content


def stored_files(root) -> list:
    return [path for path in root.rglob("*") if path.is_file()]


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "The image is too large: at most 40 megapixels. Make it smaller and try again."),
        ("fi", "Kuva on liian suuri: enintään 40 megapikseliä. Pienennä kuvaa ja yritä uudelleen."),
        ("sv", "Bilden är för stor: högst 40 megapixlar. Gör den mindre och försök igen."),
    ],
)
def test_a_survey_answer_declaring_144_megapixels_is_refused_before_decoding(
    member_client, member, sote, tmp_path, bomb, no_decoding, language, message
):
    """SECURITY.md #19, #30: refused from the header alone; the other answers stay in the form, nothing is stored."""
    task = TaskFactory(period=PeriodFactory(members=[member], organisations=[sote]))
    photo = QuestionFactory(task=task, kind=QuestionKind.UPLOAD, upload_types=["image"], max_size_mb=1)
    text = QuestionFactory(task=task, kind=QuestionKind.TEXT)
    response = member_client.post(
        f"/{language}/periods/{task.period_id}/tasks/{task.pk}/",
        {f"q{photo.pk}": SimpleUploadedFile("kuva.png", bomb), f"q{text.pk}": "Pysäkillä ei ole katosta."},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "Pysäkillä ei ole katosta." in page
    assert not Answer.objects.exists()
    assert stored_files(tmp_path) == []


def test_a_task_attachment_declaring_144_megapixels_is_refused_before_decoding(
    manager_client, sote, tmp_path, bomb, no_decoding
):
    """SECURITY.md #19, #30: the staff form that takes an image refuses the same bomb."""
    period = PeriodFactory(organisations=[sote])
    response = manager_client.post(
        f"/en/staff/periods/{period.pk}/tasks/new/",
        {"kind": "survey", "title_fi": "Kuva", "attachment_file": SimpleUploadedFile("kuva.png", bomb)},
    )
    assert response.context["form"].errors["attachment_file"] == [
        "The image is too large: at most 40 megapixels. Make it smaller and try again."
    ]
    assert not Task.objects.exists()
    assert stored_files(tmp_path) == []


def test_the_limit_is_a_setting_counted_in_pixels(member_client, member, sote, settings):
    """SECURITY.md #30: an image of exactly the limit passes; one pixel row more is refused."""
    settings.UPLOAD_MAX_PIXELS = 100
    task = TaskFactory(period=PeriodFactory(members=[member], organisations=[sote]))
    photo = QuestionFactory(task=task, kind=QuestionKind.UPLOAD, upload_types=["image"], max_size_mb=1)
    address = f"/en/periods/{task.period_id}/tasks/{task.pk}/"
    refused = member_client.post(address, {f"q{photo.pk}": SimpleUploadedFile("a.png", png_declaring(10, 11))})
    assert refused.status_code == 400
    assert "at most 0.0001 megapixels" in refused.content.decode()
    accepted = member_client.post(address, {f"q{photo.pk}": SimpleUploadedFile("a.png", png_declaring(10, 10))})
    assert accepted.status_code == 302
    assert Image.open(Answer.objects.get().file).size == (10, 10)


def test_nothing_in_the_process_opens_an_image_over_the_limit():
    """SECURITY.md #30: Pillow itself refuses above the limit, where it would by default only warn and decode."""
    with pytest.raises(Image.DecompressionBombError):
        Image.open(SimpleUploadedFile("a.png", png_declaring(8000, 5001)))  # 40 008 000 pixels
    with warnings.catch_warnings(action="ignore"):
        assert Image.open(SimpleUploadedFile("a.png", png_declaring(8000, 5000))).size == (8000, 5000)
