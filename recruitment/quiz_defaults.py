"""The default developer-type quiz: five types, eight questions, in Finnish, Swedish and English.

Staff can edit all of it; this is what a new installation starts with.
"""

TYPES = [
    {
        "slug": "ideoija",
        "name": ("Ideoija", "Idékläckare", "The Ideator"),
        "description": (
            "Sinulta syntyy uusia ajatuksia helposti. Näet, miten asiat voisi tehdä toisin, ja rohkaiset muitakin "
            "kuvittelemaan. Kehittäjäyhteisössä ideasi auttavat palveluita ottamaan ison askeleen eteenpäin.",
            "Du får lätt nya tankar. Du ser hur saker kunde göras annorlunda och uppmuntrar andra att föreställa "
            "sig nytt. I utvecklargemenskapen hjälper dina idéer tjänsterna att ta ett stort steg framåt.",
            "New thoughts come to you easily. You see how things could be done differently and encourage others to "
            "imagine too. In the community your ideas help services take a big step forward.",
        ),
    },
    {
        "slug": "arjen-asiantuntija",
        "name": ("Arjen asiantuntija", "Vardagsexpert", "The Everyday Expert"),
        "description": (
            "Tiedät omasta kokemuksesta, miltä palvelut tuntuvat asiakkaan näkökulmasta. Kerrot suoraan, mikä "
            "toimii ja mikä ei. Juuri sinun kokemuksesi tekee palveluista sellaisia, että ne sopivat arkeen.",
            "Du vet av egen erfarenhet hur tjänsterna känns för en kund. Du säger rakt ut vad som fungerar och vad "
            "som inte gör det. Just din erfarenhet gör tjänsterna sådana att de passar in i vardagen.",
            "You know from your own experience how services feel to a customer. You say plainly what works and what "
            "does not. Your experience is what makes services fit everyday life.",
        ),
    },
    {
        "slug": "kriittinen-ystava",
        "name": ("Kriittinen ystävä", "Kritisk vän", "The Critical Friend"),
        "description": (
            "Huomaat yksityiskohdat ja kysyt tarkentavia kysymyksiä. Et tyydy ensimmäiseen vastaukseen, vaan haluat "
            "tietää, onko ratkaisu oikeasti hyvä kaikille. Sinun ansiostasi virheet huomataan ajoissa.",
            "Du lägger märke till detaljer och ställer preciserande frågor. Du nöjer dig inte med det första svaret "
            "utan vill veta om lösningen verkligen är bra för alla. Tack vare dig upptäcks fel i tid.",
            "You notice details and ask the clarifying questions. You do not settle for the first answer: you want to "
            "know whether a solution really works for everyone. Thanks to you, mistakes are caught in time.",
        ),
    },
    {
        "slug": "verkostoija",
        "name": ("Verkostoija", "Nätverkare", "The Connector"),
        "description": (
            "Tunnet ihmisiä ja kuulet, mitä lähipiirissäsi puhutaan. Tuot yhteisöön myös niiden äänen, jotka eivät "
            "itse vastaa kyselyihin. Sinä rakennat siltoja asukkaiden ja palveluiden välille.",
            "Du känner människor och hör vad som sägs omkring dig. Du för in också deras röst som inte själva svarar "
            "på enkäter. Du bygger broar mellan invånarna och tjänsterna.",
            "You know people and hear what is being said around you. You bring in the voices of those who never "
            "answer surveys themselves. You build bridges between residents and services.",
        ),
    },
    {
        "slug": "kokeilija",
        "name": ("Kokeilija", "Testare", "The Experimenter"),
        "description": (
            "Haluat kokeilla uutta käytännössä ennen kuin sanot mielipiteesi. Testaat palveluita, sovelluksia ja "
            "lomakkeita ja kerrot, missä kohtaa meni vaikeaksi. Sinun kokeilusi tekevät palveluista helppoja.",
            "Du vill pröva nytt i praktiken innan du säger din åsikt. Du testar tjänster, appar och blanketter och "
            "berättar var det blev svårt. Dina försök gör tjänsterna lätta att använda.",
            "You want to try new things in practice before giving your opinion. You test services, apps and forms "
            "and tell where it got difficult. Your trials make services easy to use.",
        ),
    },
]

# Each question has one option per type, in the order of TYPES.
QUESTIONS = [
    (
        (
            "Kun kuulet uudesta palvelusta, mitä teet ensimmäiseksi?",
            "När du hör om en ny tjänst, vad gör du först?",
            "When you hear about a new service, what do you do first?",
        ),
        [
            (
                "Mietin, mitä kaikkea sillä voisi vielä tehdä.",
                "Jag funderar på vad allt man ännu kunde göra med den.",
                "I think of everything else it could do.",
            ),
            (
                "Mietin, sopiiko se minun arkeeni.",
                "Jag funderar på om den passar in i min vardag.",
                "I think about whether it fits my daily life.",
            ),
            (
                "Etsin kohdat, jotka voivat mennä pieleen.",
                "Jag letar efter det som kan gå fel.",
                "I look for what could go wrong.",
            ),
            ("Kerron siitä tutuilleni.", "Jag berättar om den för mina bekanta.", "I tell people I know about it."),
            ("Kokeilen sitä heti itse.", "Jag provar den genast själv.", "I try it out myself straight away."),
        ],
    ),
    (
        (
            "Mikä kuvaa sinua parhaiten porukassa?",
            "Vad beskriver dig bäst i en grupp?",
            "What describes you best in a group?",
        ),
        [
            ("Heitän ilmaan uusia ajatuksia.", "Jag kastar fram nya tankar.", "I throw new ideas into the air."),
            (
                "Kerron esimerkkejä omasta elämästäni.",
                "Jag berättar exempel ur mitt eget liv.",
                "I share examples from my own life.",
            ),
            (
                "Kysyn, onko asia varmasti mietitty loppuun.",
                "Jag frågar om saken verkligen är genomtänkt.",
                "I ask whether it has really been thought through.",
            ),
            (
                "Pidän huolen, että kaikki pääsevät ääneen.",
                "Jag ser till att alla kommer till tals.",
                "I make sure everyone gets heard.",
            ),
            (
                "Ehdotan, että kokeillaan käytännössä.",
                "Jag föreslår att vi prövar i praktiken.",
                "I suggest we try it in practice.",
            ),
        ],
    ),
    (
        (
            "Terveyskeskuksen ajanvaraus ei toimi. Mitä ajattelet?",
            "Tidsbokningen vid hälsocentralen fungerar inte. Vad tänker du?",
            "The health centre's booking does not work. What do you think?",
        ),
        [
            (
                "Koko ajanvaraus pitäisi keksiä uudelleen.",
                "Hela tidsbokningen borde uppfinnas på nytt.",
                "The whole booking should be reinvented.",
            ),
            (
                "Tiedän tarkalleen, missä kohtaa se minulla takkusi.",
                "Jag vet precis var det krånglade för mig.",
                "I know exactly where it got stuck for me.",
            ),
            (
                "Haluan tietää, miksi sitä ei testattu kunnolla.",
                "Jag vill veta varför den inte testades ordentligt.",
                "I want to know why it was not tested properly.",
            ),
            (
                "Mietin, miten iäkäs naapurini siitä selviää.",
                "Jag funderar på hur min äldre granne klarar sig.",
                "I wonder how my elderly neighbour copes with it.",
            ),
            (
                "Kokeilen eri reittejä ja kirjaan, mikä toimi.",
                "Jag provar olika vägar och antecknar vad som fungerade.",
                "I try different routes and note what worked.",
            ),
        ],
    ),
    (
        (
            "Millainen tehtävä innostaisi sinua eniten?",
            "Vilken uppgift skulle inspirera dig mest?",
            "Which task would inspire you most?",
        ),
        [
            (
                "Tulevaisuuden palvelun ideointi.",
                "Att hitta på framtidens tjänst.",
                "Dreaming up a service of the future.",
            ),
            (
                "Oman asiointikokemuksen kertominen.",
                "Att berätta om min egen erfarenhet som kund.",
                "Telling about my own experience as a customer.",
            ),
            (
                "Suunnitelman arviointi ja kommentointi.",
                "Att bedöma och kommentera en plan.",
                "Assessing and commenting on a plan.",
            ),
            (
                "Keskustelu muiden jäsenten kanssa.",
                "Att diskutera med andra medlemmar.",
                "Discussing with other members.",
            ),
            ("Uuden verkkosivun testaaminen.", "Att testa en ny webbplats.", "Testing a new website."),
        ],
    ),
    (
        (
            "Mikä on sinulle tärkeintä hyvässä palvelussa?",
            "Vad är viktigast för dig i en bra tjänst?",
            "What matters most to you in a good service?",
        ),
        [
            (
                "Että se uskaltaa tehdä asiat uudella tavalla.",
                "Att den vågar göra saker på ett nytt sätt.",
                "That it dares to do things in a new way.",
            ),
            (
                "Että se ymmärtää tavallista arkea.",
                "Att den förstår en vanlig vardag.",
                "That it understands ordinary everyday life.",
            ),
            (
                "Että se on luotettava ja tasapuolinen.",
                "Att den är pålitlig och rättvis.",
                "That it is reliable and fair.",
            ),
            ("Että kukaan ei jää ulkopuolelle.", "Att ingen lämnas utanför.", "That nobody is left out."),
            (
                "Että se on helppo ja nopea käyttää.",
                "Att den är lätt och snabb att använda.",
                "That it is easy and quick to use.",
            ),
        ],
    ),
    (
        ("Miten teet päätöksen?", "Hur fattar du ett beslut?", "How do you make a decision?"),
        [
            (
                "Intuitiolla: tunnen, mikä on hyvä suunta.",
                "Med intuition: jag känner vilken riktning som är bra.",
                "By intuition: I feel which way is good.",
            ),
            ("Kokemuksen perusteella.", "Utgående från erfarenhet.", "Based on experience."),
            (
                "Punnitsen plussat ja miinukset tarkasti.",
                "Jag väger för- och nackdelar noggrant.",
                "I weigh the pros and cons carefully.",
            ),
            ("Kysyn ensin muiden mielipidettä.", "Jag frågar först andras åsikt.", "I ask others' opinions first."),
            (
                "Kokeilen pienesti ja katson, mitä tapahtuu.",
                "Jag prövar i liten skala och ser vad som händer.",
                "I try a little and see what happens.",
            ),
        ],
    ),
    (
        (
            "Mitä ystäväsi sanoisivat sinusta?",
            "Vad skulle dina vänner säga om dig?",
            "What would your friends say about you?",
        ),
        [
            ("Sinulla on aina uusia suunnitelmia.", "Du har alltid nya planer.", "You always have new plans."),
            (
                "Sinä tiedät, miten asiat oikeasti menevät.",
                "Du vet hur saker faktiskt går till.",
                "You know how things really go.",
            ),
            (
                "Sinulle ei kannata esittää puolivalmista.",
                "Till dig lönar det sig inte att visa något halvfärdigt.",
                "It is no use showing you anything half-done.",
            ),
            ("Sinä tunnet kaikki.", "Du känner alla.", "You know everybody."),
            ("Sinä olet ensimmäisenä kokeilemassa.", "Du är först på plats att pröva.", "You are the first to try."),
        ],
    ),
    (
        (
            "Miksi haluaisit kehittää palveluita?",
            "Varför skulle du vilja utveckla tjänster?",
            "Why would you like to develop services?",
        ),
        [
            ("Koska muutos on mahdollista.", "Eftersom förändring är möjlig.", "Because change is possible."),
            (
                "Koska minulla on kokemusta, josta on hyötyä.",
                "Eftersom jag har erfarenhet som är till nytta.",
                "Because my experience is useful.",
            ),
            (
                "Koska rahat pitää käyttää viisaasti.",
                "Eftersom pengarna ska användas klokt.",
                "Because the money must be spent wisely.",
            ),
            ("Koska haluan auttaa muita.", "Eftersom jag vill hjälpa andra.", "Because I want to help others."),
            (
                "Koska haluan nähdä, miten palvelut syntyvät.",
                "Eftersom jag vill se hur tjänster skapas.",
                "Because I want to see how services are made.",
            ),
        ],
    ),
]


def load_default_quiz(DeveloperType, QuizQuestion, QuizOption) -> None:
    """Create the default quiz unless the installation already has one."""
    if DeveloperType.objects.exists():
        return
    types = []
    for order, spec in enumerate(TYPES):
        name_fi, name_sv, name_en = spec["name"]
        description_fi, description_sv, description_en = spec["description"]
        types.append(
            DeveloperType.objects.create(
                slug=spec["slug"],
                order=order,
                name_fi=name_fi,
                name_sv=name_sv,
                name_en=name_en,
                description_fi=description_fi,
                description_sv=description_sv,
                description_en=description_en,
            )
        )
    for order, ((text_fi, text_sv, text_en), options) in enumerate(QUESTIONS):
        question = QuizQuestion.objects.create(order=order, text_fi=text_fi, text_sv=text_sv, text_en=text_en)
        for option_order, ((option_fi, option_sv, option_en), developer_type) in enumerate(
            zip(options, types, strict=True)
        ):
            QuizOption.objects.create(
                question=question,
                order=option_order,
                text_fi=option_fi,
                text_sv=option_sv,
                text_en=option_en,
                developer_type=developer_type,
            )
