"""The registry of to-do providers behind the staff home: most urgent first, nothing shown that counts zero."""

import pytest

from core import todos
from core.todos import TodoItem, Urgency, register_todo_provider, todos_for


@pytest.fixture(autouse=True)
def _own_registry(monkeypatch):
    monkeypatch.setattr(todos, "_providers", {})


def item(label: str, count: int = 1, urgency: Urgency = Urgency.WAITING) -> TodoItem:
    return TodoItem(label=label, count=count, url="/x/", urgency=urgency)


def test_it_lists_the_most_urgent_first_then_in_the_providers_order():
    register_todo_provider(key="b", provider=lambda user: [item("info", urgency=Urgency.INFO), item("b")], order=20)
    register_todo_provider(key="a", provider=lambda user: [item("a"), item("soon", urgency=Urgency.URGENT)], order=10)
    assert [entry.label for entry in todos_for(object())] == ["soon", "a", "b", "info"]


def test_it_leaves_out_what_counts_zero():
    register_todo_provider(key="a", provider=lambda user: [item("none", count=0), item("one")])
    assert [entry.label for entry in todos_for(object())] == ["one"]


def test_registering_a_key_again_replaces_its_provider():
    register_todo_provider(key="a", provider=lambda user: [item("old")])
    register_todo_provider(key="a", provider=lambda user: [item("new")])
    assert [entry.label for entry in todos_for(object())] == ["new"]


def test_each_provider_is_asked_with_the_user():
    seen = []
    register_todo_provider(key="a", provider=lambda user: seen.append(user) or [])
    user = object()
    todos_for(user)
    assert seen == [user]
