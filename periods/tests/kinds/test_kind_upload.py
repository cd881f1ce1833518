"""An upload question: an image or a PDF."""

from django.core.files.uploadedfile import SimpleUploadedFile

from periods.question_kinds import KINDS

from .helpers import cell, errors, question, survey, text

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def test_it_is_a_file_input_that_says_what_it_takes():
    field = survey(question("upload", upload_types=["image", "pdf"], max_size_mb=2, required=True)).fields["q1"]
    assert field.required
    assert field.widget.attrs["accept"] == "image/jpeg,image/png,image/webp,application/pdf"
    assert field.help_text == "an image (JPEG, PNG or WebP) or a PDF document, at most 2 MB."
    sent = survey(question("upload", required=True), sent={1: "kuva.png"}).fields["q1"]
    assert not sent.required and sent.help_text.endswith("You have already sent “kuva.png”; a new file replaces it.")


def test_it_refuses_a_file_of_another_type():
    q = question("upload", upload_types=["image"])
    form = survey(q, files={"q1": SimpleUploadedFile("liite.pdf", PDF)})
    assert errors(form) == {"q1": ["This type of file is not accepted here."]}


def test_it_stores_a_checked_file_and_keeps_the_one_sent_before():
    q = question("upload", upload_types=["pdf"])
    form = survey(q, files={"q1": SimpleUploadedFile("liite.pdf", PDF)})
    assert form.is_valid() and form.answers()[1].upload.file_name == "liite.pdf"
    kept = survey(q, {"x": "1"}, sent={1: "vanha.pdf"})
    assert kept.is_valid() and kept.answers() == {}, "no entry: the file sent before stays"
    none = survey(q, {"x": "1"})
    assert none.is_valid() and none.answers() == {1: None}


def test_it_reads_as_the_file_name():
    q = question("upload")
    assert text(q, None, file_name="kuva.png") == "kuva.png" == cell(q, None, file_name="kuva.png")
    assert text(q, None) == ""


def test_it_is_not_counted_in_the_figures():
    kind = KINDS["upload"]
    assert not (kind.closed or kind.crosstab) and kind.needs_upload_types
