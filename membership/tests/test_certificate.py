"""The participation certificate: the signed-in member's own, in their language, counts and titles only."""

from io import BytesIO

import pytest
from pypdf import PdfReader

from accounts.models import User
from membership.certificate import certificate_pdf
from periods.models import Answer
from periods.tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db

URL = "/fi/me/membership/certificate.pdf"


def text_of(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)


def test_it_is_a_pdf_with_the_pseudonym_name_and_periods(
    member, member_client, answered_period, django_assert_max_num_queries
):
    with django_assert_max_num_queries(14):
        response = member_client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response.content.startswith(b"%PDF")
    text = text_of(response.content)
    assert "Meritähti" in text
    assert "Resident Person" in text
    assert "Palautepalvelu" in text  # Finnish, the member's language


def test_it_follows_the_members_language(member, answered_period):
    User.objects.filter(pk=member.pk).update(language="en")
    member.refresh_from_db()
    text = text_of(certificate_pdf(member))
    assert "Certificate of participation" in text
    assert "Feedback service" in text


def test_it_holds_no_answer_content(member, answered_period):
    response = member.responses.filter(submitted_at__isnull=False).select_related("task").first()
    question = QuestionFactory(task=response.task, text_fi="Mikä oli vaikeinta?")
    Answer.objects.create(response=response, question=question, value="Salainen kokemus jonosta")
    text = text_of(certificate_pdf(member))
    assert "Salainen kokemus" not in text
    assert "Mikä oli vaikeinta" not in text


def test_another_member_gets_only_their_own(member, other_member, answered_period):
    from conftest import verified_client

    text = text_of(verified_client(other_member).get(URL).content)
    assert "Kuusipuu" in text
    assert "Meritähti" not in text
    assert "Palautepalvelu" not in text  # other_member only drafted there


def test_staff_get_no_certificate(developer_client, manager_client):
    assert developer_client.get(URL).status_code == 403
    assert manager_client.get(URL).status_code == 403
