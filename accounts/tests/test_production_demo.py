"""`seed_demo --production-demo`: the demo of the production stack, with DEBUG off, only on a demo database."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from conftest import make_member

pytestmark = pytest.mark.django_db


def test_it_seeds_the_demo_again_with_debug_off_when_asked(demo, settings):
    settings.DEBUG = False
    call_command("seed_demo", "--production-demo", stdout=StringIO())
    assert User.objects.members().count() == 30
    assert User.objects.staff().count() == 3


def test_it_refuses_a_database_with_a_real_member(settings):
    settings.DEBUG = False
    make_member("asukas@example.fi", "Oikea")
    with pytest.raises(CommandError, match="1 logins that are not demo logins"):
        call_command("seed_demo", "--production-demo", stdout=StringIO())
    assert User.objects.count() == 1
    assert User.objects.get().check_password("correct horse battery staple")


def test_without_the_flag_debug_off_is_still_refused(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo", stdout=StringIO())
    assert not User.objects.exists()
