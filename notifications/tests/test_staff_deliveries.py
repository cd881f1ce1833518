"""Managers see the emails whose outcome is unknown or that failed for good, and decide what happens."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone, translation

from audit.models import AuditEvent
from conftest import make_member
from core.navigation import staff_links_for
from notifications.models import Delivery, DeliveryStatus, Kind

pytestmark = pytest.mark.django_db

URL = "/en/staff/notifications/"


def stuck(user, key="period_open:1", status=DeliveryStatus.UNKNOWN) -> Delivery:
    return Delivery.objects.create(
        key=key,
        user=user,
        kind=Kind.PERIOD_OPEN,
        subject="Aktiivijakso alkoi",
        text="Hei Meritähti",
        html="<p>Hei Meritähti</p>",
        status=status,
        attempts=1,
        started_at=timezone.now() - timedelta(minutes=30),
    )


def test_it_lists_deliveries_to_check_by_pseudonym_with_counts(manager_client, member, other_member):
    unknown = stuck(member)
    gave_up = stuck(other_member, status=DeliveryStatus.GAVE_UP)
    stuck(member, key="reply:3", status=DeliveryStatus.SENT)
    page = manager_client.get(URL)
    assert set(page.context["page"]) == {unknown, gave_up}
    counts = dict(page.context["counts"])
    assert (counts["sent"], counts["outcome unknown"], counts["failed, no more retries"], counts["being sent"]) == (
        1,
        1,
        1,
        0,
    )
    html = page.content.decode()
    assert "Meritähti" in html and "Kuusipuu" in html
    assert member.email not in html and "Resident Person" not in html


def test_the_page_has_a_fixed_number_of_queries(manager_client, django_assert_max_num_queries):
    for number in range(30):
        stuck(make_member(f"m{number}@example.fi", f"Jäsen{number:02d}"))
    with django_assert_max_num_queries(14):
        page = manager_client.get(URL)
    assert len(page.context["page"]) == 25


@pytest.mark.parametrize("persona", ["developer_client", "outsider_client", "member_client"])
def test_only_managers_see_deliveries(request, persona, member):
    delivery = stuck(member)
    client = request.getfixturevalue(persona)
    assert client.get(URL).status_code == 403
    assert client.post(f"{URL}{delivery.pk}/checked/").status_code == 403
    assert client.post(f"{URL}{delivery.pk}/resend/", {"confirm": "on"}).status_code == 403
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.UNKNOWN


def test_the_staff_home_links_the_page_for_managers_only(manager, developer):
    with translation.override("en"):
        assert any(url == URL for url, _ in staff_links_for(manager))
        assert all(url != URL for url, _ in staff_links_for(developer))


def test_marking_checked_resolves_and_is_audited(manager_client, manager, member):
    delivery = stuck(member)
    assert manager_client.get(f"{URL}{delivery.pk}/checked/").status_code == 405
    manager_client.post(f"{URL}{delivery.pk}/checked/")
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.RESOLVED
    event = AuditEvent.objects.get(action=AuditEvent.Action.DELIVERY_RESOLVED)
    assert (event.actor, event.subject_user_id, event.object_id) == (manager, member.pk, str(delivery.pk))
    assert event.detail == {"decision": "checked", "was": "unknown"}
    assert manager_client.get(URL).context["page"].paginator.count == 0
    assert mail.outbox == []


def test_a_sent_email_cannot_be_marked_or_resent(manager_client, member):
    delivery = stuck(member, status=DeliveryStatus.SENT)
    manager_client.post(f"{URL}{delivery.pk}/checked/")
    manager_client.post(f"{URL}{delivery.pk}/resend/", {"confirm": "on"})
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert mail.outbox == []
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.DELIVERY_RESOLVED).exists()


def test_sending_again_needs_the_managers_confirmation(manager_client, member):
    delivery = stuck(member)
    page = manager_client.get(f"{URL}{delivery.pk}/resend/")
    assert page.status_code == 200
    assert member.email not in page.content.decode()
    refused = manager_client.post(f"{URL}{delivery.pk}/resend/", {})
    assert refused.status_code == 200 and refused.context["form"].errors
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.UNKNOWN
    assert mail.outbox == []


def test_a_confirmed_resend_goes_out_once(manager_client, manager, member, django_capture_on_commit_callbacks):
    delivery = stuck(member, status=DeliveryStatus.GAVE_UP)
    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(f"{URL}{delivery.pk}/resend/", {"confirm": "on"})
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 1)
    assert len(mail.outbox) == 1 and mail.outbox[0].subject == "Aktiivijakso alkoi"
    event = AuditEvent.objects.get(action=AuditEvent.Action.DELIVERY_RESOLVED)
    assert (event.actor, event.detail) == (manager, {"decision": "send again", "was": "gave_up"})


def test_an_unknown_delivery_is_a_logged_404(manager_client):
    assert manager_client.post(f"{URL}999999/checked/").status_code == 404
    assert manager_client.get(f"{URL}999999/resend/").status_code == 404
    assert AuditEvent.objects.filter(action=AuditEvent.Action.ACCESS_DENIED).count() == 2
