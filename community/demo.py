"""Demo data of the community (used by `seed_demo`): news and an announcement, suggestions in three
statuses with supports, and a discussion topic with a reported post. Runs once; later runs change nothing."""

from accounts.models import User
from periods.demo import OPEN_TITLE
from periods.models import Period

from . import services
from .models import Announcement, Audience, CafeTopic, SuggestionStatus, Support, ThemeSuggestion

NEWS_TITLE = "Prototyypit etsii uusia jäseniä (demo)"
TOPIC_TITLE = "Mitä kuuluu? (demo)"


def seed_community() -> None:
    if Announcement.objects.filter(title_fi=NEWS_TITLE).exists():
        return
    manager = User.objects.filter(email="yhteisomanageri@example.fi").first()
    members = list(User.objects.members().filter(is_active=True, email__startswith="jasen").order_by("email")[:6])
    if manager is None or len(members) < 4:
        return

    news = Announcement.objects.create(
        title_fi=NEWS_TITLE,
        title_sv="Prototyyperna söker nya medlemmar (demo)",
        title_en="The Prototypes are looking for new members (demo)",
        body_fi="Haku uuteen kehittäjäyhteisöön on auki. **Tervetuloa mukaan!**",
        body_sv="Ansökan till utvecklargemenskapen är öppen. **Välkommen med!**",
        body_en="Applications to the development community are open. **Welcome!**",
        audience=Audience.PUBLIC,
        created_by=manager,
    )
    services.announcement_publish(announcement=news, actor=manager)
    note = Announcement.objects.create(
        title_fi="Kiitos kevään aktiivijaksoista (demo)",
        title_en="Thank you for the spring's active periods (demo)",
        body_fi="Vastauksenne ovat jo kehittäjien käsissä. Seuraava jakso alkaa pian.",
        body_en="Your answers are already with the development teams. The next period starts soon.",
        audience=Audience.MEMBERS,
        created_by=manager,
    )
    services.announcement_publish(announcement=note, actor=manager)

    first, second, third, fourth = members[:4]
    waiting = ThemeSuggestion.objects.create(
        member=first,
        title="Ajanvaraus terveysasemalle",
        description="Ajanvarauksen pitäisi onnistua myös illalla verkossa.",
    )
    accepted = ThemeSuggestion.objects.create(
        member=second, title="Palautteen antaminen", description="Miten palautetta on helppo antaa?"
    )
    declined = ThemeSuggestion.objects.create(
        member=third, title="Kirjaston aukioloajat", description="Kirjastot voisivat olla auki pidempään."
    )
    for suggestion, supporters in ((waiting, [second, third, fourth]), (accepted, [first, third]), (declined, [first])):
        Support.objects.bulk_create([Support(member=m, suggestion=suggestion) for m in supporters])
    period = Period.objects.filter(title_fi=OPEN_TITLE).first()
    if period is not None:
        services.suggestion_review(suggestion=accepted, actor=manager, status=SuggestionStatus.ACCEPTED, period=period)
    services.suggestion_review(
        suggestion=declined,
        actor=manager,
        status=SuggestionStatus.DECLINED,
        reason="Kirjastot eivät kuulu hyvinvointialueen palveluihin.",
    )

    if CafeTopic.objects.filter(title=TOPIC_TITLE).exists():
        return
    topic = services.topic_create(member=first, title=TOPIC_TITLE, text="Hei kaikki! Mitä teille kuuluu?")
    opening = topic.posts.get()
    services.post_create(member=second, topic=topic, text="Hyvää kuuluu, kiitos kysymästä.", parent=opening)
    rude = services.post_create(member=third, topic=topic, text="Tämä ketju on turha. (demo: ilmiannettu viesti)")
    services.post_report(reporter=first, post=rude, reason="Epäasiallinen sävy.")
