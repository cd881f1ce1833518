"""The security suite: attacks written as tests, each naming the promise of SECURITY.md it proves.

Fixtures of the root conftest.py (the personas) are available here too. `world` builds the objects
of security/world.py once per test module, inside a transaction that is rolled back when the module
is done; each test's own transaction (the `db` fixture) is a savepoint inside it, so tests that
change something leave the world as it was for the next one.
"""

from collections.abc import Iterator

import pytest
from django.db import transaction
from django.test import Client, override_settings

from conftest import verified_client

from .world import World, build_world


def _sign_in(world: World) -> dict[str, str]:
    """A session for every person of the walk, made once: the walk sends its cookie with each request."""
    people = {
        "manager": world.manager,
        "member": world.member,
        "peer": world.peer,
        "other_member": world.other_member,
        "developer:sote": world.sote.developer,
        "developer:rescue": world.rescue.developer,
    }
    sessions = {role: verified_client(user).session.session_key for role, user in people.items()}
    unverified = Client()
    unverified.force_login(world.manager)  # the password given, the second factor not yet
    sessions["unverified_manager"] = unverified.session.session_key
    return sessions


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[World]:
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("world-media"))
    media.enable()
    outer = transaction.atomic()
    try:
        with django_db_blocker.unblock():
            outer.__enter__()
            built = build_world()
            built.sessions = _sign_in(built)
        yield built
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
        media.disable()
