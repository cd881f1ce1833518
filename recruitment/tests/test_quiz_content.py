import pytest

from recruitment.models import DeveloperType, QuizQuestion

pytestmark = pytest.mark.django_db


def test_a_manager_edits_a_result_type_in_three_languages(manager_client, client):
    developer_type = DeveloperType.objects.get(slug="kokeilija")
    data = {
        "name_fi": "Testaaja",
        "name_sv": "Testare",
        "name_en": "The Tester",
        "description_fi": "Kuvaus",
        "description_sv": "Beskrivning",
        "description_en": "Description",
        "order": 4,
    }
    assert manager_client.post(f"/fi/staff/recruitment/quiz/types/{developer_type.pk}/", data).status_code == 302
    assert "The Tester" in client.get("/en/join/quiz/kokeilija/").content.decode()
    assert "Testare" in client.get("/sv/join/quiz/kokeilija/").content.decode()


def test_a_manager_edits_a_question_and_its_options(manager_client):
    question = QuizQuestion.objects.first()
    page = manager_client.get(f"/fi/staff/recruitment/quiz/questions/{question.pk}/")
    formset = page.context["formset"]
    data = {"text_fi": "Uusi kysymys?", "text_sv": "", "text_en": "", "order": 0, **formset.management_form.initial}
    data = {**data, "options-TOTAL_FORMS": "5", "options-INITIAL_FORMS": "5"}
    for index, option_form in enumerate(formset.forms):
        for name in ["id", "text_fi", "text_sv", "text_en", "developer_type", "order"]:
            value = option_form.instance.pk if name == "id" else option_form.initial.get(name, "")
            data[f"options-{index}-{name}"] = value
    data["options-0-text_fi"] = ""
    assert manager_client.post(f"/fi/staff/recruitment/quiz/questions/{question.pk}/", data).status_code == 200
    data["options-0-text_fi"] = "Uusi vaihtoehto"
    response = manager_client.post(f"/fi/staff/recruitment/quiz/questions/{question.pk}/", data)
    assert response.status_code == 302, (response.context["form"].errors, response.context["formset"].errors)
    question.refresh_from_db()
    assert question.text_fi == "Uusi kysymys?"
    assert question.options.filter(text_fi="Uusi vaihtoehto").exists()


def test_developers_and_members_cannot_edit_the_quiz(developer_client, member_client):
    question = QuizQuestion.objects.first()
    for client in (developer_client, member_client):
        assert client.get("/fi/staff/recruitment/quiz/").status_code == 403
        assert client.post(f"/fi/staff/recruitment/quiz/questions/{question.pk}/", {}).status_code == 403
