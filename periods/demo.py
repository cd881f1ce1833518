"""Demo data for periods (used by `seed_demo`): an open period with one task of each kind, some
answered, a closed period with answers, and a developer's proposal waiting for approval."""

import random
from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from organisations.models import Organisation

from .models import (
    Answer,
    Approval,
    DiaryEntry,
    Like,
    Participant,
    Period,
    Post,
    Probe,
    Question,
    QuestionKind,
    Response,
    Statement,
    StatementStatus,
    Task,
    TaskKind,
    Vote,
)
from .services.notify import period_notifications_due, probe_notify, reply_notify

OPEN_TITLE = "Uusi palautepalvelu (demo)"
CLOSED_TITLE = "Verkkosivujen uudistus (demo)"
PROPOSAL_TITLE = "Etäkuntoutus (ehdotus, demo)"


def _options(*rows: tuple[str, str, str]) -> list[dict]:
    return [{"value": chr(ord("a") + i), "fi": fi, "sv": sv, "en": en} for i, (fi, sv, en) in enumerate(rows)]


def _members() -> list[User]:
    return list(User.objects.members().filter(is_active=True, email__startswith="jasen").order_by("email"))


def seed_periods() -> None:
    """Seed the three demo periods once: the open one with a task of each kind, a closed one, a proposal."""
    if Period.objects.filter(title_fi=OPEN_TITLE).exists():
        return
    now = timezone.now()
    sote = Organisation.objects.get(slug="sote")
    rescue = Organisation.objects.get(slug="pelastus")
    manager = User.objects.filter(email="yhteisomanageri@example.fi").first()
    developer = User.objects.filter(email="kehittaja.sote@example.fi").first()
    members = _members()
    # One generator through every step in this order: the same seed gives the same answers every time.
    rng = random.Random(4)  # noqa: S311 (demo data, reproducible)

    open_period = _open_period(now=now, organisation=sote, manager=manager, members=members)
    survey, q = _survey(open_period, manager=manager)
    discussion, statements, diary = _other_tasks(open_period, manager=manager)
    statement_objects = _statements(statements, members=members)
    _survey_answers(survey, q, members=members, now=now, rng=rng)
    _discussion(discussion, members=members, now=now)
    _votes(statements, statement_objects, members=members, now=now, rng=rng)
    _diary(diary, members=members, now=now, rng=rng)
    _probe(survey, manager=manager)
    _closed_period(now=now, organisation=rescue, manager=manager, members=members, rng=rng)
    if developer is not None:
        _proposal(now=now, organisation=sote, developer=developer)
    period_notifications_due(now)


def _open_period(*, now, organisation: Organisation, manager, members: list[User]) -> Period:
    """The period that is open now, with every demo member taking part."""
    open_period = Period.objects.create(
        title_fi=OPEN_TITLE,
        title_sv="Den nya responstjänsten (demo)",
        title_en="The new feedback service (demo)",
        theme_fi="Palautteen antaminen",
        theme_sv="Att ge respons",
        theme_en="Giving feedback",
        description_fi="Kehitämme uutta **palautepalvelua**. Kerro, miten antaisit palautetta ja mitä toivot vastaukselta.",
        description_sv="Vi utvecklar en ny **responstjänst**. Berätta hur du skulle ge respons.",
        description_en="We are developing a new **feedback service**. Tell us how you would give feedback.",
        starts_at=now - timedelta(days=3),
        ends_at=now + timedelta(days=7),
        published_at=now - timedelta(days=5),
        created_by=manager,
    )
    open_period.organisations.set([organisation])
    Participant.objects.bulk_create([Participant(period=open_period, member=m) for m in members])
    return open_period


def _survey(period: Period, *, manager) -> tuple[Task, dict[str, Question]]:
    """A survey with a question of each kind (one shown only after a yes), keyed for the answers."""
    survey = Task.objects.create(
        period=period,
        order=1,
        kind=TaskKind.SURVEY,
        title_fi="Kokemuksesi palautteen antamisesta",
        title_sv="Dina erfarenheter av att ge respons",
        title_en="Your experience of giving feedback",
        instructions_fi="Vastaa niin lyhyesti tai pitkästi kuin haluat. Vastauksesi tallentuu luonnoksena.",
        created_by=manager,
    )
    q = {}
    q["gave"] = Question.objects.create(
        task=survey,
        order=1,
        kind=QuestionKind.YESNO,
        required=True,
        text_fi="Oletko antanut palautetta hyvinvointialueelle?",
        text_sv="Har du gett respons till välfärdsområdet?",
        text_en="Have you given feedback to the wellbeing services county?",
    )
    q["how"] = Question.objects.create(
        task=survey,
        order=2,
        kind=QuestionKind.SINGLE,
        allow_other=True,
        text_fi="Miten annoit palautetta?",
        text_sv="Hur gav du respons?",
        text_en="How did you give feedback?",
        choices=_options(
            ("Verkkolomake", "Webbformulär", "Web form"),
            ("Puhelin", "Telefon", "Phone"),
            ("Paikan päällä", "På plats", "In person"),
        ),
        show_if_question=None,
    )
    q["how"].show_if_question = q["gave"]
    q["how"].show_if_value = "yes"
    q["how"].save()
    q["channels"] = Question.objects.create(
        task=survey,
        order=3,
        kind=QuestionKind.MULTIPLE,
        min_picks=1,
        max_picks=3,
        text_fi="Mitkä kanavat sopivat sinulle? Valitse enintään kolme.",
        text_sv="Vilka kanaler passar dig? Välj högst tre.",
        text_en="Which channels suit you? Pick up to three.",
        choices=_options(
            ("Verkkosivu", "Webbsida", "Website"),
            ("Mobiilisovellus", "Mobilapp", "Mobile app"),
            ("Tekstiviesti", "Sms", "Text message"),
            ("Puhelu", "Samtal", "Call"),
            ("Kirje", "Brev", "Letter"),
        ),
    )
    q["ease"] = Question.objects.create(
        task=survey,
        order=4,
        kind=QuestionKind.SCALE5,
        required=True,
        text_fi="Kuinka helppoa palautteen antaminen oli?",
        text_sv="Hur lätt var det att ge respons?",
        text_en="How easy was giving feedback?",
        low_label_fi="Hyvin vaikeaa",
        low_label_sv="Mycket svårt",
        low_label_en="Very hard",
        high_label_fi="Hyvin helppoa",
        high_label_sv="Mycket lätt",
        high_label_en="Very easy",
    )
    q["recommend"] = Question.objects.create(
        task=survey,
        order=5,
        kind=QuestionKind.SCALE10,
        text_fi="Kuinka todennäköisesti suosittelisit palautepalvelua läheisellesi?",
        text_sv="Hur sannolikt skulle du rekommendera responstjänsten?",
        text_en="How likely would you recommend the feedback service?",
        low_label_fi="En lainkaan",
        high_label_fi="Erittäin todennäköisesti",
    )
    q["rank"] = Question.objects.create(
        task=survey,
        order=6,
        kind=QuestionKind.RANKING,
        text_fi="Järjestä tärkeysjärjestykseen: mikä on tärkeintä palautteen käsittelyssä?",
        text_sv="Rangordna: vad är viktigast i behandlingen av respons?",
        text_en="Rank: what matters most in handling feedback?",
        choices=_options(
            ("Nopea vastaus", "Snabbt svar", "A quick answer"),
            ("Selkeä kieli", "Klart språk", "Plain language"),
            ("Tieto siitä, mitä muuttui", "Vad som ändrades", "What changed"),
        ),
    )
    q["likert"] = Question.objects.create(
        task=survey,
        order=7,
        kind=QuestionKind.LIKERT,
        text_fi="Kuinka samaa mieltä olet väitteistä?",
        text_sv="Hur enig är du?",
        text_en="How much do you agree?",
        choices=_options(
            ("Palautteeni luettiin", "Min respons lästes", "My feedback was read"),
            ("Sain vastauksen", "Jag fick svar", "I got an answer"),
        ),
    )
    q["story"] = Question.objects.create(
        task=survey,
        order=8,
        kind=QuestionKind.TEXT,
        required=True,
        min_length=10,
        max_length=2000,
        text_fi="Kerro omin sanoin, millainen olisi hyvä palautepalvelu.",
        text_sv="Berätta med egna ord hur en bra responstjänst skulle vara.",
        text_en="In your own words, what would a good feedback service be like?",
    )
    Question.objects.create(
        task=survey,
        order=9,
        kind=QuestionKind.UPLOAD,
        upload_types=["image", "pdf"],
        max_size_mb=5,
        # No "(optional)" here: the form marks every optional question itself.
        text_fi="Voit liittää kuvan tai kuvakaappauksen.",
        text_sv="Du kan bifoga en bild.",
        text_en="You may attach an image.",
    )
    return survey, q


def _other_tasks(period: Period, *, manager) -> tuple[Task, Task, Task]:
    """A discussion, a statement vote and a diary in the open period."""
    discussion = Task.objects.create(
        period=period,
        order=2,
        kind=TaskKind.DISCUSSION,
        created_by=manager,
        title_fi="Keskustelu: mikä saa sinut antamaan palautetta?",
        title_sv="Diskussion: vad får dig att ge respons?",
        title_en="Discussion: what makes you give feedback?",
        instructions_fi="Kirjoita ensin oma vastauksesi. Näet muiden vastaukset, kun olet vastannut.",
    )
    statements = Task.objects.create(
        period=period,
        order=3,
        kind=TaskKind.STATEMENTS,
        created_by=manager,
        title_fi="Väitteet palautteesta",
        title_sv="Påståenden om respons",
        title_en="Statements about feedback",
        instructions_fi="Ota kantaa väitteisiin: samaa mieltä, eri mieltä tai ohita.",
    )
    diary = Task.objects.create(
        period=period,
        order=4,
        kind=TaskKind.DIARY,
        created_by=manager,
        title_fi="Päiväkirja: asiointi viikon aikana",
        title_sv="Dagbok: ärenden under veckan",
        title_en="Diary: your week of services",
        instructions_fi="Kirjaa muutamana päivänä, missä asioit ja miltä se tuntui.",
    )
    return discussion, statements, diary


def _statements(task: Task, *, members: list[User]) -> list[Statement]:
    """Staff's statements to vote on, and one by a member waiting for moderation."""
    statement_rows = [
        (
            "Palautteen antamisen pitäisi onnistua nimettömänä.",
            "Respons borde kunna ges anonymt.",
            "Feedback should be possible anonymously.",
        ),
        (
            "Haluan vastauksen palautteeseeni viikon sisällä.",
            "Jag vill ha svar inom en vecka.",
            "I want an answer within a week.",
        ),
        (
            "Puhelin on minulle paras tapa antaa palautetta.",
            "Telefon är bäst för mig.",
            "The phone is the best way for me.",
        ),
        ("Palautteen pitäisi näkyä julkisesti.", "Responsen borde vara offentlig.", "Feedback should be public."),
        (
            "En usko palautteen muuttavan mitään.",
            "Jag tror inte att respons ändrar något.",
            "I don't think feedback changes anything.",
        ),
    ]
    statement_objects = [
        Statement.objects.create(task=task, text_fi=fi, text_sv=sv, text_en=en) for fi, sv, en in statement_rows
    ]
    if members:
        Statement.objects.create(
            task=task,
            author=members[2],
            status=StatementStatus.PENDING,
            text_fi="Palautelomakkeen pitäisi toimia myös selkokielellä.",
        )
    return statement_objects


def _survey_answers(survey: Task, q: dict[str, Question], *, members: list[User], now, rng: random.Random) -> None:
    """Twelve members have sent the survey; three have a draft under way."""
    story_texts = [
        "Hyvä palautepalvelu kertoisi, kuka palautteeni lukee ja mitä sille tapahtuu.",
        "Toivoisin, että voisin antaa palautetta puhelimella ilman jonottamista.",
        "Selkeä lomake, jossa ei kysytä turhia tietoja, ja vastaus muutamassa päivässä.",
        "Palautteen pitäisi näkyä jossain julkisesti, jotta näkisi, että muutkin ovat huomanneet saman.",
        "Vanhempana ihmisenä arvostaisin mahdollisuutta antaa palautetta paperilla tai paikan päällä.",
        "Haluaisin saada viestin, kun palautteeni perusteella on tehty jotain.",
    ]
    for number, member in enumerate(members[:12]):
        response = Response.objects.create(
            task=survey, member=member, submitted_at=now - timedelta(days=2, hours=number), version=2
        )
        gave = "yes" if number % 3 else "no"
        values = {
            "gave": gave,
            "channels": rng.sample(["a", "b", "c", "d", "e"], k=rng.randint(1, 3)),
            "ease": rng.randint(1, 5),
            "recommend": rng.randint(0, 10),
            "rank": rng.sample(["a", "b", "c"], k=3),
            "likert": {"a": rng.randint(1, 5), "b": rng.randint(1, 5)},
            "story": story_texts[number % len(story_texts)],
        }
        if gave == "yes":
            values["how"] = rng.choice(["a", "b", "c"])
        Answer.objects.bulk_create(
            [Answer(response=response, question=q[key], value=value) for key, value in values.items()]
        )
    for member in members[12:15]:
        Response.objects.create(
            task=survey,
            member=member,
            draft={q["story"].field_name: "Aloitin vastaamisen, jatkan myöhemmin…"},
            draft_saved_at=now - timedelta(hours=5),
            version=1,
        )


def _discussion(discussion: Task, *, members: list[User], now) -> None:
    """Six members have posted; two replies (with their notifications) and a few likes."""
    post_texts = [
        "Annan palautetta, kun jokin menee todella hyvin – silloinkin kannattaa kertoa.",
        "Yleensä vasta, kun jokin on mennyt pieleen ja olen jonottanut pitkään.",
        "Jos tiedän, että joku oikeasti lukee sen.",
        "Lapseni hoitoon liittyvissä asioissa olen antanut palautetta useamman kerran.",
        "Helppous ratkaisee: jos lomake on pitkä, jätän kesken.",
        "En ole koskaan antanut, koska en tiennyt mistä.",
    ]
    posts = []
    for member, text in zip(members[:6], post_texts, strict=False):
        posts.append(Post.objects.create(task=discussion, author=member, text=text, created_at=now - timedelta(days=2)))
        Response.objects.create(task=discussion, member=member, submitted_at=now - timedelta(days=2))
    if len(posts) >= 6:
        replies = [
            Post.objects.create(
                task=discussion,
                author=members[1],
                parent=posts[0],
                text="Hyvä pointti, en ollut ajatellut positiivista palautetta.",
            ),
            Post.objects.create(
                task=discussion, author=members[5], parent=posts[4], text="Sama täällä, lyhyt lomake on paras."
            ),
        ]
        for reply in replies:
            reply_notify(reply)
        Like.objects.bulk_create(
            [Like(post=posts[0], member=m) for m in members[2:6]] + [Like(post=posts[4], member=members[0])]
        )


def _votes(task: Task, statements: list[Statement], *, members: list[User], now, rng: random.Random) -> None:
    """Fifteen members have voted on every statement."""
    for number, member in enumerate(members[:15]):
        Vote.objects.bulk_create(
            [Vote(statement=s, member=member, value=rng.choice([1, 1, -1, 0])) for s in statements]
        )
        Response.objects.create(task=task, member=member, submitted_at=now - timedelta(days=1, hours=number))


def _diary(diary: Task, *, members: list[User], now, rng: random.Random) -> None:
    """Four members have kept the diary for three days."""
    for member in members[:4]:
        for day in range(3):
            DiaryEntry.objects.create(
                task=diary,
                member=member,
                day=(now - timedelta(days=3 - day)).date(),
                text=rng.choice(
                    [
                        "Kävin terveysasemalla, ajanvaraus onnistui netissä.",
                        "Soitin neuvontaan, jonotin 20 minuuttia.",
                        "Ei asiointia tänään.",
                    ]
                ),
            )
        Response.objects.create(task=diary, member=member, submitted_at=now - timedelta(days=3))


def _probe(survey: Task, *, manager) -> None:
    """A follow-up question to the first member who sent the survey, so the member sees one waiting."""
    first_response = Response.objects.filter(task=survey, submitted_at__isnull=False).order_by("member__email").first()
    if first_response is not None:
        probe = Probe.objects.create(
            task=survey,
            response=first_response,
            member=first_response.member,
            asked_by=manager,
            question="Kerroit, millainen olisi hyvä palautepalvelu. Millainen tieto käsittelystä riittäisi sinulle?",
        )
        probe_notify(probe)


def _closed_period(*, now, organisation: Organisation, manager, members: list[User], rng: random.Random) -> None:
    """A period that closed a month ago with twenty answers: what reports and results are built from."""
    closed = Period.objects.create(
        title_fi=CLOSED_TITLE,
        title_sv="Förnyelse av webbplatsen (demo)",
        title_en="Website renewal (demo)",
        theme_fi="Verkkosivut",
        description_fi="Millaisia tietoja etsit pelastuslaitoksen verkkosivuilta?",
        starts_at=now - timedelta(days=40),
        ends_at=now - timedelta(days=30),
        published_at=now - timedelta(days=42),
        created_by=manager,
    )
    closed.organisations.set([organisation])
    Participant.objects.bulk_create([Participant(period=closed, member=m) for m in members])
    web = Task.objects.create(
        period=closed,
        order=1,
        kind=TaskKind.SURVEY,
        created_by=manager,
        title_fi="Mitä etsit verkkosivuilta?",
        title_sv="Vad söker du på webbplatsen?",
        title_en="What do you look for on the website?",
    )
    found = Question.objects.create(
        task=web,
        order=1,
        kind=QuestionKind.SCALE5,
        required=True,
        text_fi="Löysitkö etsimäsi tiedon?",
        text_sv="Hittade du informationen?",
        text_en="Did you find what you looked for?",
        low_label_fi="En lainkaan",
        high_label_fi="Helposti",
    )
    what = Question.objects.create(
        task=web,
        order=2,
        kind=QuestionKind.TEXT,
        text_fi="Mitä tietoa etsit viimeksi?",
        text_sv="Vilken information sökte du senast?",
        text_en="What did you last look for?",
    )
    topics = ["Palovaroittimen testaus", "Nuohouksen ajankohta", "Kulotuslupa", "Ensiapukurssit", "Rekrytointi"]
    for number, member in enumerate(members[:20]):
        response = Response.objects.create(task=web, member=member, submitted_at=now - timedelta(days=33), version=1)
        Answer.objects.create(response=response, question=found, value=rng.randint(1, 5))
        Answer.objects.create(response=response, question=what, value=topics[number % len(topics)])


def _proposal(*, now, organisation: Organisation, developer: User) -> None:
    """A developer's proposal waiting for a community manager's approval."""
    proposal = Period.objects.create(
        title_fi=PROPOSAL_TITLE,
        theme_fi="Etäkuntoutus",
        description_fi="Haluaisimme kuulla kokemuksia etäkuntoutuksesta.",
        starts_at=now + timedelta(days=20),
        ends_at=now + timedelta(days=30),
        approval=Approval.PROPOSED,
        created_by=developer,
    )
    proposal.organisations.set([organisation])
    Task.objects.create(
        period=proposal,
        kind=TaskKind.SURVEY,
        approval=Approval.PROPOSED,
        created_by=developer,
        title_fi="Kokemuksesi etäkuntoutuksesta",
    )
