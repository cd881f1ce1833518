"""An upload question: an image or a PDF, checked and re-encoded before it is kept."""

from collections.abc import Mapping

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..models import Question, QuestionKind
from ..services.answers import AnswerValue
from ..uploads import upload_check
from .base import KEEP, AnswerForm, QuestionKindBase

ACCEPT = {"image": "image/jpeg,image/png,image/webp", "pdf": "application/pdf"}


def _types(question: Question) -> list[str]:
    return question.upload_types or ["image"]


class UploadKind(QuestionKindBase):
    kind = QuestionKind.UPLOAD
    needs_upload_types = True

    def fields(self, question: Question, *, required: bool, sent_file: str | None) -> dict[str, forms.Field]:
        accept = [ACCEPT[t] for t in ("image", "pdf") if t in _types(question)]
        field = forms.FileField(
            label=question.text,
            required=required and sent_file is None,
            widget=forms.ClearableFileInput(attrs={"accept": ",".join(accept)}),
            help_text=self._help(question, sent_file),
        )
        return {question.field_name: field}

    def _help(self, question: Question, sent_file: str | None) -> str:
        kinds = []
        if "image" in _types(question):
            kinds.append(_("an image (JPEG, PNG or WebP)"))
        if "pdf" in _types(question):
            kinds.append(_("a PDF document"))
        if len(kinds) == 2:
            kinds = [_("%(first)s or %(second)s") % {"first": kinds[0], "second": kinds[1]}]
        text = _("%(kinds)s, at most %(size)d MB.") % {"kinds": kinds[0] if kinds else "", "size": question.max_size_mb}
        if sent_file is not None:
            text += " " + _("You have already sent “%(name)s”; a new file replaces it.") % {"name": sent_file}
        return text

    def check(self, form: AnswerForm, question: Question, cleaned: dict) -> None:
        name = question.field_name
        if question.pk not in form.existing_files:
            super().check(form, question, cleaned)
        if cleaned.get(name):
            try:
                cleaned[name] = upload_check(cleaned[name], types=_types(question), max_size_mb=question.max_size_mb)
            except ValidationError as error:
                form.add_error(name, error)

    def stored(self, question: Question, cleaned: dict, *, sent_file: bool) -> AnswerValue | None:
        name = question.field_name
        if cleaned.get(name):
            return AnswerValue(None, upload=cleaned[name])
        if not sent_file or name not in cleaned:
            return None
        return KEEP

    def text(self, value: object, labels: Mapping[str, str], *, file_name: str = "") -> str:
        return file_name
