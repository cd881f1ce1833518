"""The public application form under a campaign spike: the blank form is rendered once, the rest per visitor."""

import re

import pytest
from django.test import Client

from recruitment.models import Application
from recruitment.tests.factories import APPLICATION, RoundFactory

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
WIDGET = "django/forms/widgets/radio.html"


@pytest.fixture
def open_round():
    return RoundFactory(slug="syksy", municipalities=["Kotka", "Kouvola"])


def form_page(client: Client, path: str = "/fi/join/round/syksy/apply/"):
    response = client.get(path)
    assert response.status_code == 200
    return response


def test_it_renders_the_blank_form_once_for_every_visitor(open_round):
    first = form_page(Client())
    second = form_page(Client())

    assert WIDGET in [template.name for template in first.templates]
    assert WIDGET not in [template.name for template in second.templates]
    assert second.content.count(b'type="radio"') == first.content.count(b'type="radio"') > 0


def test_each_visitor_gets_its_own_csrf_token_and_can_send_with_it(open_round):
    visitors = [Client(enforce_csrf_checks=True, REMOTE_ADDR=f"10.3.0.{n}") for n in (1, 2)]
    tokens = [TOKEN.search(form_page(visitor).content.decode()).group(1) for visitor in visitors]

    assert visitors[0].cookies["csrftoken"].value != visitors[1].cookies["csrftoken"].value
    for n, (visitor, token) in enumerate(zip(visitors, tokens, strict=True)):
        data = {**APPLICATION, "email": f"aino{n}@example.fi", "csrfmiddlewaretoken": token}
        assert visitor.post("/fi/join/round/syksy/apply/", data).status_code == 302
    assert Application.objects.count() == 2


@pytest.mark.parametrize(
    ("language", "label", "other"),
    [
        ("fi", "Asuinkunta", "Muu kunta"),
        ("sv", "Hemkommun", "En annan kommun"),
        ("en", "Municipality of residence", "Another municipality"),
    ],
)
def test_the_blank_form_speaks_the_visitors_language(open_round, language, label, other):
    for code in ("fi", "sv", "en"):
        form_page(Client(), f"/{code}/join/round/syksy/apply/")

    page = form_page(Client(), f"/{language}/join/round/syksy/apply/").content.decode()

    assert label in page and other in page


def test_the_quiz_type_comes_from_each_visitors_address(open_round):
    form_page(Client(), "/fi/join/round/syksy/apply/?type=tutkija")

    page = form_page(Client(), "/fi/join/round/syksy/apply/?type=kriittinen-ystava").content.decode()

    assert 'name="quiz_type" value="kriittinen-ystava"' in page
    assert "tutkija" not in page


def test_a_saved_round_shows_its_new_municipalities_at_once(open_round):
    form_page(Client())
    open_round.municipalities = ["Hamina", "Pyhtää"]
    open_round.save()

    page = form_page(Client()).content.decode()

    assert '<option value="Pyhtää">' in page
    assert "Kouvola" not in page.split('id="id_municipality"')[1].split("</select>")[0]


def test_a_refused_form_shows_its_messages_and_the_entered_values(open_round):
    form_page(Client())

    response = Client().post("/fi/join/round/syksy/apply/", {**APPLICATION, "email": "not-an-email"})

    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in page and 'id="id_email_error"' in page
    assert 'value="not-an-email"' in page and 'value="Aino Asukas"' in page
    assert Application.objects.count() == 0


def test_the_form_page_stays_within_its_query_budget(open_round, django_assert_max_num_queries):
    form_page(Client())
    with django_assert_max_num_queries(1):
        form_page(Client())


def test_sending_the_form_stays_within_its_query_budget(open_round, django_assert_max_num_queries):
    # The round, then the application in a transaction of its own: begin (or savepoint), insert, commit.
    with django_assert_max_num_queries(4):
        response = Client().post("/fi/join/round/syksy/apply/", APPLICATION)
    assert response.status_code == 302
