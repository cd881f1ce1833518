"""The support form: visitors send only what is needed, bots and floods are refused, nothing is saved on bad input."""

import pytest

from support.models import Category, SupportRequest

from .factories import token_from

pytestmark = pytest.mark.django_db
URL = "/en/support/new/"


def visitor_post(client, headers: dict | None = None, **overrides):
    data = {
        "category": Category.LOGIN,
        "subject": "Cannot log in",
        "message": "The reset link never arrives.",
        "name": "",
        "email": "visitor@example.fi",
        "website": "",
        "started": token_from(10),
        **overrides,
    }
    if isinstance(data["started"], int):
        data["started"] = token_from(data["started"])
    return client.post(URL, data, **(headers or {}))


def test_it_shows_the_form_to_a_visitor_with_the_fields_needed(client):
    response = client.get(URL)
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.fields) == {"category", "subject", "message", "name", "email", "website"}
    assert not form.fields["name"].required and form.fields["email"].required
    assert 'name="started"' in response.content.decode()


def test_it_preselects_accessibility_feedback(client):
    response = client.get(URL + "?category=accessibility")
    assert response.context["form"]["category"].value() == Category.ACCESSIBILITY
    assert client.get(URL + "?category=bogus").context["form"]["category"].value() == Category.USING


def test_a_visitor_can_send_a_request(client):
    response = visitor_post(client)
    assert response.status_code == 302 and response["Location"] == "/en/support/sent/"
    saved = SupportRequest.objects.get()
    assert saved.user is None and saved.email == "visitor@example.fi" and saved.status == "new"
    assert saved.language == "en"
    assert client.get("/en/support/sent/").status_code == 200


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"website": "http://spam.example"}, "Leave the field"),
        ({"started": 0}, "sent very quickly"),
        ({"started": 25 * 3600}, "open for too long"),
        ({"started": "tampered:value"}, "send the form again"),
        ({"started": ""}, "send the form again"),
        ({"message": "x" * 5001}, "at most 5000 characters"),
        ({"email": ""}, "Give an email address"),
        ({"email": "not-an-address"}, "valid email"),
        ({"subject": ""}, "Write a short subject"),
        ({"message": ""}, "Write your message"),
        ({"category": "spam"}, "Select a valid choice"),
    ],
)
def test_bad_input_is_rejected_with_a_message_and_nothing_is_saved(client, overrides, message):
    response = visitor_post(client, **overrides)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SupportRequest.objects.exists()


def test_a_message_of_exactly_5000_characters_is_accepted(client):
    assert visitor_post(client, message="x" * 5000).status_code == 302


def test_submissions_are_throttled_per_ip(client):
    """SECURITY.md #16: The other public form is throttled the same way."""
    statuses = [visitor_post(client, subject=f"Attempt {n}").status_code for n in range(7)]
    assert statuses == [302] * 5 + [429, 429]
    assert SupportRequest.objects.count() == 5
    # Another address is not affected.
    assert visitor_post(client, headers={"REMOTE_ADDR": "10.9.9.9"}).status_code == 302


def test_a_member_gets_a_form_without_contact_fields_and_the_request_is_tied_to_them(member, member_client):
    form = member_client.get(URL).context["form"]
    assert set(form.fields) == {"category", "subject", "message"}
    response = member_client.post(URL, {"category": Category.OTHER, "subject": "Hi", "message": "Question"})
    assert response.status_code == 302
    saved = SupportRequest.objects.get()
    assert saved.user == member and saved.email == "" and saved.name == ""


def test_staff_have_no_requester_form(manager_client):
    assert manager_client.get(URL).status_code == 404


def test_user_text_is_escaped(member, member_client):
    """SECURITY.md #17: Script in a support request shows as text."""
    member_client.post(URL, {"category": Category.OTHER, "subject": "<script>x</script>", "message": "<b>hi</b>"})
    page = member_client.get(f"/en/support/mine/{SupportRequest.objects.get().pk}/").content.decode()
    assert "<script>x</script>" not in page and "&lt;script&gt;" in page and "<b>hi</b>" not in page


def test_query_budget_of_the_form(client, member_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        client.get(URL)
    with django_assert_max_num_queries(8):
        member_client.get(URL)
