"""Print the current second-factor code of a demo staff login, for trying the staff side."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp

from accounts import demo


class Command(BaseCommand):
    help = "Print the current authenticator code of a demo staff login (DEBUG only)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("email", choices=sorted(demo.DEMO_TOTP_SECRETS))
        parser.add_argument("--production-demo", action="store_true", help="with DEBUG off, on a demo database")

    def handle(self, *args, production_demo: bool = False, **options) -> None:
        if production_demo:
            if demo.non_demo_login_count():
                raise CommandError("This database holds logins that are not demo logins.")
        elif not settings.DEBUG:
            raise CommandError("demo_code works only with DEBUG on (or --production-demo).")
        self.stdout.write(f"{totp(bytes.fromhex(demo.totp_hex_key(options['email']))):06d}")
