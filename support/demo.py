"""Demo data of support (used by `seed_demo`): a visitor's new request, a member's answered request
with a reply and an internal note, and three help pages."""

from django.db import transaction

from accounts.models import User

from .models import Category, HelpPage, SupportRequest
from .services import request_note_add, request_staff_reply, request_submit

VISITOR_SUBJECT = "En pääse kirjautumaan (demo)"
MEMBER_SUBJECT = "Miten vaihdan nimimerkkini? (demo)"

HELP_PAGES = [
    (
        "kirjautuminen",
        ("Kirjautuminen", "Inloggning", "Logging in"),
        (
            "Kirjaudu sähköpostiosoitteellasi ja salasanallasi.\n\n"
            "Jos olet unohtanut salasanasi, valitse **Unohtuiko salasana?** kirjautumissivulla.",
            "Logga in med din e-postadress och ditt lösenord.",
            "Log in with your email address and password.\n\n"
            "If you forgot your password, choose **Forgot your password?** on the login page.",
        ),
    ),
    (
        "aktiivijaksot",
        ("Mitä aktiivijaksot ovat?", "Vad är aktiva perioder?", "What are active periods?"),
        (
            "Aktiivijakso kestää kymmenen päivää. Jakson aikana vastaat tehtäviin omaan tahtiisi; "
            "tekstisi tallentuu kirjoittaessasi.",
            "En aktiv period varar tio dagar.",
            "An active period lasts ten days. You answer its tasks at your own pace; your text is saved as you write.",
        ),
    ),
    (
        "nimimerkki",
        ("Nimimerkki ja yksityisyys", "Pseudonym och integritet", "Pseudonym and privacy"),
        (
            "Muut jäsenet ja kehittäjät näkevät sinut vain nimimerkilläsi. Nimesi ja yhteystietosi näkevät "
            "ainoastaan yhteisömanagerit.",
            "Andra medlemmar och utvecklare ser dig endast med din pseudonym.",
            "Other members and developers see you only by your pseudonym. Only the community managers see "
            "your name and contact details.",
        ),
    ),
]


@transaction.atomic
def seed_support() -> None:
    for order, (slug, titles, bodies) in enumerate(HELP_PAGES):
        HelpPage.objects.get_or_create(
            slug=slug,
            defaults={
                "title_fi": titles[0],
                "title_sv": titles[1],
                "title_en": titles[2],
                "body_fi": bodies[0],
                "body_sv": bodies[1],
                "body_en": bodies[2],
                "order": order,
                "published": True,
            },
        )
    if not SupportRequest.objects.filter(subject=VISITOR_SUBJECT).exists():
        request_submit(
            user=None,
            name="Vieras Käyttäjä",
            email="vieras@example.fi",
            category=Category.LOGIN,
            subject=VISITOR_SUBJECT,
            message="Salasanan vaihtolinkki ei tule sähköpostiini. Voitteko auttaa?",
            language="fi",
        )
    member = User.objects.members().filter(is_active=True, email__startswith="jasen").order_by("email").first()
    manager = User.objects.filter(email="yhteisomanageri@example.fi").first()
    if member is None or manager is None or SupportRequest.objects.filter(subject=MEMBER_SUBJECT).exists():
        return
    support_request = request_submit(
        user=member,
        name="",
        email="",
        category=Category.USING,
        subject=MEMBER_SUBJECT,
        message="Haluaisin vaihtaa nimimerkkini toiseen. Onnistuuko se?",
        language="fi",
    )
    request_note_add(
        support_request=support_request, actor=manager, text="Tarkistettu: nimimerkki on vapaana vaihdettavaksi."
    )
    request_staff_reply(
        support_request=support_request,
        actor=manager,
        text="Hei! Voit vaihtaa nimimerkkisi omalla sivullasi kohdassa Omat tiedot.",
    )
