"""Uploaded images and PDFs: checked by content, images re-encoded so that no metadata survives."""

import io
import os
import re
import uuid
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

IMAGE_FORMATS = {"JPEG": ("jpg", {"jpg", "jpeg"}), "PNG": ("png", {"png"}), "WEBP": ("webp", {"webp"})}


@dataclass
class CheckedUpload:
    content: ContentFile
    stored_name: str
    file_name: str


def image_limit_apply() -> None:
    """Make Pillow refuse, in the whole process, to open any image over the upload limit (SECURITY.md #30).

    Pillow raises only above twice its MAX_IMAGE_PIXELS; below that it merely warns and decodes. Half
    the limit makes its error start exactly at the limit, without relying on a process-wide warnings
    filter (which any `catch_warnings` block around start-up would undo). Its warning between half
    the limit and the limit is about ordinary photos, so it is silenced.
    """
    Image.MAX_IMAGE_PIXELS = (settings.UPLOAD_MAX_PIXELS + 1) // 2
    warnings.filterwarnings("ignore", category=Image.DecompressionBombWarning)


def _too_many_pixels() -> ValidationError:
    megapixels = settings.UPLOAD_MAX_PIXELS / 1_000_000
    shown = number_format(int(megapixels) if megapixels.is_integer() else megapixels, use_l10n=True)
    return ValidationError(
        _("The image is too large: at most %(megapixels)s megapixels. Make it smaller and try again.")
        % {"megapixels": shown},
        code="too_many_pixels",
    )


def file_name_clean(name: str) -> str:
    """The original name as plain text: no path, no control or markup characters, at most 200 long."""
    name = os.path.basename(name.replace("\\", "/"))
    name = re.sub(r"[\x00-\x1f\x7f<>\"'`&;]", "", name).strip(" .")
    return name[-200:] or "file"


def upload_check(upload, *, types: list[str], max_size_mb: int) -> CheckedUpload:
    """Accept an image (re-encoded, so no metadata survives) or a PDF whose content matches its name.

    An image's dimensions are read from its header and checked before any pixel is decoded
    (SECURITY.md #19, #30): a small file may declare a picture that takes gigabytes to decode.
    """
    if upload.size > max_size_mb * 1024 * 1024:
        raise ValidationError(
            _("The file is too large: at most %(size)d MB.") % {"size": max_size_mb}, code="too_large"
        )
    name = file_name_clean(upload.name or "")
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    head = upload.read(5)
    upload.seek(0)
    if head == b"%PDF-":
        if "pdf" not in types or extension != "pdf":
            raise ValidationError(_("This type of file is not accepted here."), code="type")
        return CheckedUpload(ContentFile(upload.read()), f"{uuid.uuid4().hex}.pdf", name)
    if "image" not in types:
        raise ValidationError(_("This type of file is not accepted here."), code="type")
    try:
        _image_size_check(upload)
        upload.seek(0)
        content, suffix = _image_reencoded(upload, extension)
    except ValidationError:
        raise
    except Image.DecompressionBombError as error:
        # Pillow's own limit (image_limit_apply) refused it while reading the header.
        raise _too_many_pixels() from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(_("The file is damaged or not an image."), code="malformed") from error
    return CheckedUpload(ContentFile(content), f"{uuid.uuid4().hex}.{suffix}", name)


def _image_size_check(upload) -> None:
    """Refuse a picture too large to decode safely, knowing only its header, and one whose structure is broken."""
    with Image.open(upload) as probe:
        # Opening reads the header only; the size is known before anything is decoded.
        width, height = probe.size
        if width * height > settings.UPLOAD_MAX_PIXELS:
            raise _too_many_pixels()
        probe.verify()


def _image_reencoded(upload, extension: str) -> tuple[bytes, str]:
    """The image drawn afresh from its pixels, in its own format, and the suffix to store it under."""
    with Image.open(upload) as image:
        image_format = image.format
        if image_format not in IMAGE_FORMATS:
            raise ValidationError(_("This type of file is not accepted here."), code="type")
        suffix, extensions = IMAGE_FORMATS[image_format]
        if extension not in extensions:
            raise ValidationError(_("The file name does not match its content."), code="mismatch")
        image.load()
        # A fresh image from the pixels alone: EXIF, GPS, comments and profiles stay behind.
        clean = Image.frombytes(image.mode, image.size, image.tobytes())
        if image.mode == "P" and (palette := image.getpalette()):
            clean.putpalette(palette)
        if image_format == "JPEG" and clean.mode not in ("RGB", "L"):
            clean = clean.convert("RGB")
        out = io.BytesIO()
        clean.save(out, format=image_format)
    return out.getvalue(), suffix
