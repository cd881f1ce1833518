"""Print the current second-factor code of a demo staff login, for trying the staff side."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp

from accounts import demo


class Command(BaseCommand):
    help = "Print the current authenticator code of a demo staff login (DEBUG only)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("email", choices=sorted(demo.DEMO_TOTP_SECRETS))

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError("demo_code works only with DEBUG on.")
        self.stdout.write(f"{totp(bytes.fromhex(demo.totp_hex_key(options['email']))):06d}")
