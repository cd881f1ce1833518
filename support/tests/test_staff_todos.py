"""The staff home's to-do item from support: new requests nobody has taken up."""

import pytest
from django.urls import reverse
from django.utils import translation

from support.models import Status
from support.tests.factories import member_request, visitor_request
from support.todos import new_requests

pytestmark = pytest.mark.django_db


def test_it_counts_new_requests_for_a_manager_only(manager, developer, member):
    visitor_request()
    member_request(member)
    member_request(member, status=Status.IN_PROGRESS)
    member_request(member, status=Status.ANSWERED)
    visitor_request(status=Status.CLOSED)

    with translation.override("fi"):
        [item] = new_requests(manager)
    assert (item.label, item.count) == ("2 uutta tukipyyntöä", 2)
    assert item.url == f"{reverse('support:inbox')}?status=new"
    assert new_requests(developer) == []


def test_the_link_opens_the_inbox_filtered_to_new_requests(manager_client, manager, member):
    member_request(member, subject="Uusi kysymys")
    member_request(member, subject="Jo työn alla", status=Status.IN_PROGRESS)
    html = manager_client.get(new_requests(manager)[0].url).content.decode()
    assert "Uusi kysymys" in html and "Jo työn alla" not in html
