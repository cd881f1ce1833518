"""Create the demo community: organisations, staff with fixed second factors, 30 members.

Idempotent: running it again updates the same rows. Refuses to run when DEBUG is off, so it
can never plant known passwords in production, unless `--production-demo` asks for a demo served
with production settings (`make prod-demo`); even then it refuses a database that holds anyone but
the demo logins.
"""

import random
from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import demo
from accounts.background import Gender, LifeSituation, MotherTongue, age_group_for
from accounts.models import Consent, Member, Role, TermsVersion, User, pseudonym_key
from organisations.models import Organisation

FIRST_NAMES = [
    "Aino",
    "Eino",
    "Helmi",
    "Väinö",
    "Sofia",
    "Juhani",
    "Linnea",
    "Matti",
    "Aada",
    "Kalle",
    "Ella",
    "Onni",
    "Iida",
    "Leevi",
    "Kerttu",
    "Pentti",
    "Saara",
    "Ahmed",
    "Olga",
    "Erik",
]
LAST_NAMES = [
    "Virtanen",
    "Korhonen",
    "Mäkinen",
    "Nieminen",
    "Hämäläinen",
    "Laine",
    "Heikkinen",
    "Koskinen",
    "Järvinen",
    "Lehtonen",
    "Lindqvist",
    "Saarinen",
    "Salminen",
    "Nyström",
    "Karjalainen",
]
PSEUDONYM_WORDS = [
    "Meri",
    "Kuusi",
    "Lokki",
    "Kallio",
    "Tähti",
    "Sammal",
    "Aalto",
    "Kivi",
    "Tuuli",
    "Ilta",
    "Koski",
    "Satama",
    "Metsä",
    "Pilvi",
    "Ranta",
]
# Birth years spread over every age group, a few more in the middle as in real pools.
BIRTH_YEARS = [
    2008,
    2006,
    2003,
    2001,
    1998,
    1995,
    1992,
    1990,
    1988,
    1985,
    1983,
    1980,
    1977,
    1975,
    1972,
    1969,
    1966,
    1963,
    1961,
    1958,
    1956,
    1953,
    1951,
    1948,
    1946,
    1943,
    1940,
    1937,
    1934,
    1931,
]


class Command(BaseCommand):
    help = "Create or update the demo community (only with DEBUG on, or --production-demo on a demo database)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--production-demo",
            action="store_true",
            help="seed with DEBUG off (a demo of the production stack); refused when any non-demo login exists",
        )

    def handle(self, *args, production_demo: bool = False, **options) -> None:
        if production_demo:
            real = demo.non_demo_login_count()
            if real:
                raise CommandError(
                    f"The database holds {real} logins that are not demo logins: "
                    "seed_demo --production-demo plants known passwords only in a database of its own."
                )
        elif not settings.DEBUG:
            raise CommandError("seed_demo plants known passwords: it runs only with DEBUG on (or --production-demo).")
        with transaction.atomic():
            self.seed()
            for seeder in demo.extra_seeders():
                seeder()
        self.stdout.write(self.style.SUCCESS("Demo community ready."))
        self.stdout.write(f"Password for every demo login: {demo.DEMO_PASSWORD}")
        for email, secret in demo.DEMO_TOTP_SECRETS.items():
            self.stdout.write(f"  {email:34} authenticator secret {secret}")
        self.stdout.write(f"  members: {demo.member_email(1)} … {demo.member_email(demo.MEMBER_COUNT)}")

    def seed(self) -> None:
        sote, _ = Organisation.objects.update_or_create(
            slug="sote",
            defaults={
                "name_fi": "Sosiaali- ja terveyspalvelut",
                "name_sv": "Social- och hälsovårdstjänster",
                "name_en": "Social and health services",
            },
        )
        rescue, _ = Organisation.objects.update_or_create(
            slug="pelastus",
            defaults={"name_fi": "Pelastuslaitos", "name_sv": "Räddningsverket", "name_en": "Rescue department"},
        )
        self.staff(demo.MANAGER_EMAIL, "Maija Yhteisö", Role.MANAGER, None)
        self.staff(demo.DEVELOPER_SOTE_EMAIL, "Sami Sote", Role.DEVELOPER, sote)
        self.staff(demo.DEVELOPER_RESCUE_EMAIL, "Pekka Pelastus", Role.DEVELOPER, rescue)
        terms = TermsVersion.objects.order_by("-version").first()
        rng = random.Random(2026)  # fixed seed: the same demo every time
        municipalities = settings.REGION_MUNICIPALITIES
        # Weighted roughly by population: Kouvola and Kotka most, the small ones a few.
        municipality_weights = [3, 6, 9, 1, 2, 1][: len(municipalities)] or [1]
        for number in range(1, demo.MEMBER_COUNT + 1):
            birth = date(BIRTH_YEARS[number - 1], rng.randint(1, 12), rng.randint(1, 28))
            user, _ = User.objects.update_or_create(
                email=demo.member_email(number),
                defaults={
                    "full_name": f"{FIRST_NAMES[number % len(FIRST_NAMES)]} {LAST_NAMES[number % len(LAST_NAMES)]}",
                    "phone": f"040 555 {number:04d}",
                    "role": Role.MEMBER,
                    "is_active": True,
                    "language": "sv" if number % 10 == 7 else "fi",
                },
            )
            user.set_password(demo.DEMO_PASSWORD)
            user.save(update_fields=["password"])
            age = 2026 - birth.year
            pseudonym = f"{PSEUDONYM_WORDS[number % len(PSEUDONYM_WORDS)]}{number:02d}"
            Member.objects.update_or_create(
                user=user,
                defaults={
                    "pseudonym": pseudonym,
                    "pseudonym_key": pseudonym_key(pseudonym),
                    "birth_date": birth,
                    "age_group": age_group_for(birth, timezone.localdate()),
                    "municipality": rng.choices(municipalities, weights=municipality_weights[: len(municipalities)])[0],
                    "gender": rng.choice([Gender.FEMALE, Gender.FEMALE, Gender.MALE, Gender.MALE, Gender.UNDISCLOSED]),
                    "mother_tongue": MotherTongue.SWEDISH
                    if number % 10 == 7
                    else (MotherTongue.OTHER if number % 9 == 4 else MotherTongue.FINNISH),
                    "life_situation": self.life_situation(age, rng),
                    "joined_at": timezone.now(),
                },
            )
            if terms:
                Consent.objects.get_or_create(user=user, terms=terms)

    def staff(self, email: str, name: str, role: str, organisation: Organisation | None) -> User:
        user, _ = User.objects.update_or_create(
            email=email,
            defaults={"full_name": name, "role": role, "organisation": organisation, "is_active": True},
        )
        user.set_password(demo.DEMO_PASSWORD)
        user.save(update_fields=["password"])
        TOTPDevice.objects.update_or_create(
            user=user, name="demo authenticator", defaults={"key": demo.totp_hex_key(email), "confirmed": True}
        )
        return user

    @staticmethod
    def life_situation(age: int, rng: random.Random) -> str:
        if age < 25:
            return rng.choice([LifeSituation.STUDYING, LifeSituation.STUDYING, LifeSituation.WORKING])
        if age >= 66:
            return rng.choice([LifeSituation.RETIRED, LifeSituation.RETIRED, LifeSituation.CAREGIVER])
        return rng.choice(
            [
                LifeSituation.WORKING,
                LifeSituation.WORKING,
                LifeSituation.UNEMPLOYED,
                LifeSituation.FAMILY_LEAVE,
                LifeSituation.ENTREPRENEUR,
                LifeSituation.CAREGIVER,
            ]
        )
