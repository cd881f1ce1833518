"""The fixed demo logins that the README lists and `seed_demo` creates."""

from base64 import b32decode

from accounts.models import User

DEMO_PASSWORD = "Prototyypit-demo-2026"  # nosec B105  # in the README; seed_demo refuses with DEBUG off
MANAGER_EMAIL = "yhteisomanageri@example.fi"
DEVELOPER_SOTE_EMAIL = "kehittaja.sote@example.fi"
DEVELOPER_RESCUE_EMAIL = "kehittaja.pelastus@example.fi"
MEMBER_COUNT = 30

# Base32 secrets for an authenticator app (what the README prints), one per staff login.
DEMO_TOTP_SECRETS = {
    MANAGER_EMAIL: "PROTOTYYPITMANAGERDEMOSECRETKEYA",
    DEVELOPER_SOTE_EMAIL: "PROTOTYYPITSOTEDEVELOPERDEMOKEYA",
    DEVELOPER_RESCUE_EMAIL: "PROTOTYYPITPELASTUSDEVDEMOKEYABC",
}


def member_email(number: int) -> str:
    return f"jasen{number:02d}@example.fi"


def demo_emails() -> list[str]:
    """Every login that seed_demo creates."""
    return [*DEMO_TOTP_SECRETS, *(member_email(number) for number in range(1, MEMBER_COUNT + 1))]


def non_demo_login_count() -> int:
    """Logins that seed_demo did not create: a database with any is not a demo, so no known password goes in."""
    return User.objects.exclude(email__in=demo_emails()).count()


def totp_hex_key(email: str) -> str:
    """The secret as django-otp stores it (hex)."""
    return b32decode(DEMO_TOTP_SECRETS[email]).hex()


def extra_seeders():
    """Demo data of the later apps, found by name so that `accounts` imports none of them."""
    from importlib import import_module

    from django.apps import apps

    seeders = []
    for config in apps.get_app_configs():
        name = getattr(config, "demo_seeder", None)
        if name:
            module, function = name.rsplit(".", 1)
            seeders.append(getattr(import_module(module), function))
    return seeders
