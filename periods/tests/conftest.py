import pytest


@pytest.fixture
def notified(monkeypatch):
    """Record the notifications the staff actions ask for, instead of sending them."""
    from periods.services import notify

    calls: list[tuple[str, int]] = []
    monkeypatch.setattr(notify, "post_hidden_notify", lambda post: calls.append(("hidden", post.pk)))
    monkeypatch.setattr(notify, "probe_notify", lambda probe: calls.append(("probe", probe.pk)))
    return calls
