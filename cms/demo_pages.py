"""The demo site's other pages: home, programme, section pages, guidance, news, contact,
and the two pages every Swedish public sector site has (about, accessibility).

Each function returns the page's fields in Swedish and, where the page is translated,
under "en" the English ones. The demo municipality is Älvstad; addresses use the
reserved .example domain and phone numbers from the range PTS keeps for fiction.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from . import demo_blocks as b
from .demo_media import Handout, alt_text


@dataclass(frozen=True)
class ContactText:
    key: str
    name: str
    role: str
    responsibility: str
    email: str
    phone: str
    name_en: str
    role_en: str
    responsibility_en: str


CONTACTS = [
    ContactText(
        "introduktion",
        "Introduktionsteamet",
        "Utbildningssamordnare, Kompetens och utbildning",
        "Kursdagar, anmälan, platser, närvaro och intyg i introduktionsprogrammet.",
        "introduktion@alvstad.example",
        "031-390 06 10",
        "The introduction team",
        "Course coordinators, Competence and training",
        "Course days, booking, places, attendance and certificates in the programme.",
    ),
    ContactText(
        "support",
        "Support för Introduktion",
        "Systemförvaltning, socialförvaltningen",
        "Inloggning, tvåstegsverifiering, kalenderprenumeration och fel i systemet.",
        "support@alvstad.example",
        "031-390 06 20",
        "Introduktion support",
        "System management, social services administration",
        "Logging in, two-step verification, calendar subscriptions and faults.",
    ),
    ContactText(
        "webb",
        "Webbredaktionen",
        "Redaktörer för introduktionswebben",
        "Innehåll, fel på webbplatsen, tillgänglighet och förslag på nya texter.",
        "webb@alvstad.example",
        "",
        "The web editors",
        "Editors of the introduction website",
        "Content, errors on the site, accessibility and ideas for new texts.",
    ),
    ContactText(
        "arbetsmiljo",
        "HR-stöd arbetsmiljö",
        "HR-avdelningen, socialförvaltningen",
        "Arbetsmiljö, hot och våld, rapportering av händelser och företagshälsovård.",
        "arbetsmiljo@alvstad.example",
        "031-390 06 30",
        "HR working environment support",
        "HR department, social services administration",
        "Working environment, threats and violence, incident reports and occupational health.",
    ),
]


def home(media) -> dict:
    return {
        "title": "Introduktion för nya socialsekreterare",
        "intro": (
            "Allt du behöver under dina två första år i socialtjänsten i Älvstad: "
            "programmet och kursdatumen, kunskapsbanken och stöd för dig som tar emot en "
            "ny kollega."
        ),
        "body": [
            b.figure(media["alven"], alt_text("alven")),
            b.p(
                "Välkommen till socialtjänsten! De första åren i yrket lägger grunden för "
                "resten av ditt yrkesliv. Här hittar du det gemensamma introduktionsprogrammet "
                "för alla nya socialsekreterare och biståndshandläggare i kommunen, kunskap "
                "att läsa mellan kursdagarna och vägledning för chefer, mentorer och "
                "handledare.",
                "Introduktionen är mer än kurser. Du har en individuell introduktionsplan, en "
                "mentor i arbetsgruppen och en handledare som du träffar varje vecka under "
                "det första året. Kursdagarna ger dig samma grund som dina kollegor i andra "
                "stadsdelar, och det du lär dig övar du sedan på hemma på enheten.",
            ),
            b.callout(
                "Ny här?",
                b.bullets(
                    "Logga in och se din introduktionsplan och dina kurser.",
                    "Anmäl dig till del 1 under Kurser; den ska vara klar inom fyra månader.",
                    "Prenumerera på kursdatumen, så hamnar de i din kalender.",
                ),
            ),
        ],
        "en": {
            "title": "Introduction for new social workers",
            "intro": (
                "Everything you need in your first two years in Älvstad's social services: "
                "the programme and its dates, the knowledge bank and support for those who "
                "welcome a new colleague."
            ),
            "body": [
                b.figure(media["alven"], alt_text("alven", "en")),
                b.p(
                    "Welcome to social services! Here you find the shared introduction "
                    "programme for every new social worker and case officer in the "
                    "municipality, knowledge to read between course days, and guidance for "
                    "managers, mentors and supervisors.",
                    "Most of the site is in Swedish, the language of the work. The main pages "
                    "are also in English; a page without a translation is shown in Swedish.",
                ),
                b.callout(
                    "New here?",
                    b.bullets(
                        "Log in to see your introduction plan and your courses.",
                        "Book part 1 under Courses; finish it within four months.",
                        "Subscribe to the course dates so they appear in your calendar.",
                    ),
                ),
            ],
        },
    }


def programme(media, documents) -> dict:
    checklist = documents["forberedelse-del-1"]
    return {
        "title": "Introduktionsprogrammet",
        "intro": (
            "Ett gemensamt program i två delar för alla nyanställda socialsekreterare och "
            "biståndshandläggare: cirka 15 kursdagar under de två första åren."
        ),
        "body": [
            b.h("Två delar under två år"),
            b.p(
                "**Del 1** går du inom fyra månader från din första arbetsdag. Den omfattar "
                "ungefär två och en halv dag: att arbeta i en politiskt styrd organisation, "
                "regler och dokumentation, och bemötande och samtal. Eftersom nya kollegor "
                "börjar hela året går del 1 nästan varje månad, utom under sommaren.",
                "**Del 2** går du under dina två första år. Den följer handläggningsprocessen "
                "från aktualisering och förhandsbedömning till utredning, beslut, insats och "
                "uppföljning, med fördjupningar i dokumentation, samtal, barnperspektivet, "
                "samverkan, sekretess och säkerhet. Varje modul i del 2 går en gång om "
                "året, så under dina två första år hinner du gå alla när de kommer.",
                "Efter varje kursdag övar du på det du har lärt dig tillsammans med din "
                "handledare. Därför står det på varje modulsida vad du kan öva på efteråt.",
            ),
            b.figure(media["kalender"], alt_text("kalender")),
            b.h("Så anmäler du dig"),
            b.ul(
                "Logga in och välj **Kurser** i menyn.",
                "Välj ett kurstillfälle för modulen och skicka din anmälan.",
                "Din chef godkänner anmälan. Du får en bekräftelse och en kalenderinbjudan "
                "med e-post.",
                "Är kurstillfället fullt hamnar du på reservlistan och får besked om en "
                "plats blir ledig.",
                ordered=True,
            ),
            b.h("Kursdatumen i din kalender"),
            b.p(
                "Du kan prenumerera på alla kursdatum eller på en enskild moduls datum. Då "
                "uppdateras din kalender av sig själv när nya datum publiceras eller när "
                "något ändras. Knappen finns här nedanför och på varje modulsida. Inloggad "
                "kan du också skapa en personlig kalender med bara dina egna kurser."
            ),
            b.callout(
                "Har du arbetat som socialsekreterare tidigare?",
                b.html(
                    "Alla nya medarbetare går del 1, eftersom organisation och rutiner "
                    "skiljer sig mellan kommuner. Om du redan har erfarenhet av "
                    "myndighetsutövning kan du och din chef komma överens om vilka moduler i "
                    "del 2 du behöver."
                ),
            ),
            b.downloads("Material att ladda ner", (checklist, checklist.title)),
        ],
        "en": {
            "title": "The introduction programme",
            "intro": (
                "One shared programme in two parts for every new social worker and case "
                "officer: about 15 course days over the first two years."
            ),
            "body": [
                b.h("Two parts over two years"),
                b.p(
                    "**Part 1** is taken within four months of your first day: about two and "
                    "a half days on working in a politically governed organisation, rules "
                    "and documentation, and conduct and conversation. It runs almost every "
                    "month except in summer.",
                    "**Part 2** is taken during your first two years. It follows the "
                    "case-handling process from the first contact to investigation, "
                    "decision, intervention and follow-up, with deeper modules on "
                    "documentation, conversation, the child's perspective, cooperation, "
                    "secrecy and safety. Each module of part 2 runs once a year, so over "
                    "your first two years you take them as they come.",
                    "After each course day you practise what you learnt with your supervisor.",
                ),
                b.figure(media["kalender"], alt_text("kalender", "en")),
                b.h("How to book"),
                b.ul(
                    "Log in and choose **Courses** in the menu.",
                    "Pick a session of the module and send your booking.",
                    "Your manager approves it; you get a confirmation and a calendar "
                    "invitation by e-mail.",
                    "If the session is full you are put on the waiting list.",
                    ordered=True,
                ),
                b.h("Course dates in your calendar"),
                b.p(
                    "Subscribe to all course dates or to one module's dates, and your "
                    "calendar updates itself when dates are published or changed."
                ),
            ],
        },
    }


def knowledge_index() -> dict:
    return {
        "title": "Kunskapsbanken",
        "intro": (
            "Korta och längre texter om lagar, handläggning, dokumentation, samtal och "
            "arbetsmiljö, att läsa mellan kursdagarna. Filtrera på ämne eller "
            "verksamhetsområde."
        ),
        "en": {
            "title": "Knowledge bank",
            "intro": (
                "Short and longer texts on law, case handling, documentation, conversation "
                "and the working environment, to read between course days. Only some "
                "articles are in English so far."
            ),
        },
    }


def glossary() -> dict:
    return {
        "title": "Ordlista",
        "intro": "Ord och förkortningar som du möter i socialtjänsten, förklarade kort.",
        "en": {
            "title": "Glossary",
            "intro": "Words and abbreviations you meet in social services, briefly explained.",
        },
    }


# -- guidance -----------------------------------------------------------------------------


def guidance_index() -> dict:
    return {
        "title": "Vägledning",
        "intro": (
            "Stöd för dig som tar emot en ny kollega: som chef, mentor eller handledare, "
            "och för dig som är ny."
        ),
        "en": {
            "title": "Guidance",
            "intro": (
                "Support for those who welcome a new colleague, as a manager, mentor or "
                "supervisor, and for newcomers themselves."
            ),
        },
    }


def guides(media) -> list[dict]:
    return [
        {
            "slug": "att-vara-mentor",
            "audience": "mentors",
            "title": "Att vara mentor för en ny kollega",
            "intro": (
                "Vad mentorskapet går ut på, hur du kommer igång och var gränsen går mot "
                "handledarens och chefens ansvar."
            ),
            "body": [
                b.p(
                    "Som mentor är du den nya kollegans första kontakt i arbetsgruppen. Du "
                    "visar hur det fungerar på riktigt: var saker finns, vem man frågar, hur "
                    "gruppen arbetar och vad som förväntas. Du är en kollega med erfarenhet, "
                    "inte en chef och inte en handledare i ärendena.",
                    "Mentorn utses innan den nya kollegan börjar. Det gör att du kan höra av "
                    "dig redan före första dagen, och att det finns ett bekant ansikte när "
                    "hen kommer.",
                ),
                b.h("Så kommer du igång"),
                b.ul(
                    "Skicka en hälsning veckan innan och berätta vem du är.",
                    "Ät lunch tillsammans första dagen och visa arbetsplatsen.",
                    "Boka in regelbundna träffar: gärna varje vecka den första månaden och "
                    "sedan varannan vecka.",
                    "Följ med på några av dina egna möten och hembesök, så att kollegan får "
                    "se hur du arbetar.",
                ),
                b.h("Vad hör till vem?"),
                b.p(
                    "Frågor om ärenden och metoder tar den nya kollegan med handledaren. "
                    "Frågor om arbetsbelastning, planen och anställningen tar hen med "
                    "chefen. Din roll är att lyssna, dela erfarenheter och hjälpa kollegan "
                    "att hitta rätt. Det som sägs mellan er stannar mellan er, utom när det "
                    "gäller någons säkerhet eller allvarliga brister i arbetet."
                ),
                b.callout(
                    "Tid för mentorskapet",
                    b.html(
                        "Mentorskapet är en del av ditt uppdrag, inte något du gör vid sidan "
                        "av. Prata med din chef om hur tiden ska räknas in i din planering."
                    ),
                ),
            ],
            "en": {
                "title": "Being a mentor to a new colleague",
                "intro": (
                    "What mentoring is about, how to get started and where it ends and the "
                    "supervisor's and manager's roles begin."
                ),
                "body": [
                    b.p(
                        "As a mentor you are the new colleague's first contact in the work "
                        "group. You show how things really work: where things are, whom to "
                        "ask, how the group works. You are an experienced colleague, not a "
                        "manager and not the supervisor in their cases.",
                    ),
                    b.h("Getting started"),
                    b.ul(
                        "Send a greeting the week before and say who you are.",
                        "Have lunch together on the first day and show the workplace.",
                        "Meet regularly: weekly in the first month, then every other week.",
                        "Take the newcomer along to some of your own meetings and visits.",
                    ),
                    b.p(
                        "Questions about cases go to the supervisor; questions about "
                        "workload and the plan go to the manager. What is said between you "
                        "stays between you, unless someone's safety is at stake."
                    ),
                ],
            },
        },
        {
            "slug": "mentorssamtalet",
            "audience": "mentors",
            "title": "Mentorssamtalet: frågor som hjälper",
            "intro": "Frågor att använda i träffarna med en ny kollega under det första året.",
            "body": [
                b.p(
                    "Ett bra mentorssamtal handlar mer om att lyssna än om att ge råd. Låt "
                    "kollegan styra vad ni pratar om, och använd frågorna här som stöd när "
                    "samtalet behöver komma igång."
                ),
                b.h("De första veckorna"),
                b.ul(
                    "Vad har överraskat dig hittills?",
                    "Finns det något du inte vet vem du ska fråga om?",
                    "Hur fungerar det praktiska: dator, telefon, schema?",
                ),
                b.h("Efter några månader"),
                b.ul(
                    "Vilket ärende har du lärt dig mest av?",
                    "Vad ger dig glädje i arbetet just nu?",
                    "Vad tar mest energi, och vad kan du göra åt det?",
                    "Hur går det att hinna öva på det du har lärt dig på kurserna?",
                ),
                b.h("Mot slutet av första året"),
                b.ul(
                    "Vad kan du i dag som du inte kunde när du började?",
                    "Vad vill du bli bättre på nästa år?",
                    "Vad skulle du vilja säga till nästa nya kollega?",
                ),
            ],
            "en": {
                "title": "The mentoring conversation: questions that help",
                "intro": "Questions to use when meeting a new colleague during the first year.",
                "body": [
                    b.p(
                        "A good mentoring conversation is more about listening than advice. "
                        "Let the newcomer choose what to talk about; use these questions "
                        "when the conversation needs a start."
                    ),
                    b.h("The first weeks"),
                    b.ul(
                        "What has surprised you so far?",
                        "Is there anything you do not know whom to ask about?",
                    ),
                    b.h("After a few months"),
                    b.ul(
                        "Which case have you learnt most from?",
                        "What gives you joy at work right now?",
                        "What takes most energy, and what can you do about it?",
                    ),
                ],
            },
        },
        {
            "slug": "chefens-checklista",
            "audience": "managers",
            "title": "Chefens checklista före och under första veckan",
            "intro": (
                "Det här behöver vara klart innan en ny medarbetare börjar, och det här gör "
                "ni tillsammans den första veckan."
            ),
            "body": [
                b.p(
                    "Som enhetschef äger du den nya medarbetarens introduktion. En "
                    "genomtänkt start gör stor skillnad för hur snabbt medarbetaren kommer in "
                    "i arbetet, och för om hen stannar."
                ),
                b.h("Före första dagen"),
                b.ul(
                    "Beställ konton, dator, telefon, passerkort och nycklar.",
                    "Utse en mentor i arbetsgruppen och berätta för mentorn vem som kommer.",
                    "Utse en handledare och boka in handledning varje vecka under det första året.",
                    "Skapa den individuella introduktionsplanen i Introduktion utifrån rätt "
                    "mall, och ange vem som ansvarar för varje moment.",
                    "Se till att medarbetaren kan anmäla sig till del 1 inom fyra månader.",
                ),
                b.h("Första veckan"),
                b.ul(
                    "Ta emot medarbetaren själv och gå igenom introduktionsplanen tillsammans.",
                    "Presentera arbetsgruppen, mentorn och handledaren.",
                    "Planera in tid att gå bredvid erfarna kollegor.",
                    "Gå igenom säkerhetsrutiner och delegationsordning.",
                    "Boka den första avstämningen efter två till tre veckor.",
                ),
                b.figure(media["staden"], alt_text("staden")),
            ],
            "en": {
                "title": "The manager's checklist before and during the first week",
                "intro": (
                    "What must be ready before a new employee starts, and what you do "
                    "together in the first week."
                ),
                "body": [
                    b.p(
                        "As unit manager you own the newcomer's introduction. A well planned "
                        "start makes a great difference to how quickly they settle, and to "
                        "whether they stay."
                    ),
                    b.h("Before the first day"),
                    b.ul(
                        "Order accounts, computer, phone, access card and keys.",
                        "Name a mentor in the work group and a supervisor.",
                        "Create the individual introduction plan in Introduktion from the "
                        "right template, with someone responsible for each item.",
                        "Make sure the newcomer can book part 1 within four months.",
                    ),
                    b.h("The first week"),
                    b.ul(
                        "Welcome the newcomer yourself and go through the plan together.",
                        "Introduce the work group, the mentor and the supervisor.",
                        "Book the first check-in after two or three weeks.",
                    ),
                ],
            },
        },
        {
            "slug": "folja-upp-introduktionen",
            "audience": "managers",
            "title": "Att följa upp introduktionen",
            "intro": (
                "Avstämningar, ärendemängd och programmet: så håller du introduktionen på rätt "
                "spår under de två första åren."
            ),
            "body": [
                b.p(
                    "En introduktionsplan gör bara nytta om den följs upp. Avstämningarna är "
                    "tillfällen att se vad som har hänt, justera planen och fånga upp det "
                    "som inte fungerar innan det blir ett problem."
                ),
                b.h("Regelbundna avstämningar"),
                b.p(
                    "Boka avstämningar tätt i början, till exempel efter tre veckor, sex "
                    "veckor och tre månader, och sedan varje kvartal. Stäm av planens "
                    "moment, ärendemängden och hur medarbetaren mår. Använd gärna frågor om "
                    "vad som ger glädje i arbetet och vad som stärker."
                ),
                b.h("Ärendemängden"),
                b.p(
                    "Låt ärendemängden öka stegvis, med enklare ärenden först. Nya "
                    "medarbetare säger sällan själva att det är för mycket; fråga."
                ),
                b.h("Programmet"),
                b.p(
                    "Du godkänner medarbetarens anmälningar till kurserna i Introduktion. "
                    "Se till att del 1 blir gjord inom fyra månader och att medarbetaren "
                    "får tid att öva med handledaren efter varje kursdag. Följ upp "
                    "introduktionen i medarbetarsamtalet."
                ),
            ],
            "en": {
                "title": "Following up the introduction",
                "intro": (
                    "Check-ins, caseload and the programme: keeping the introduction on track "
                    "during the first two years."
                ),
                "body": [
                    b.p(
                        "Book check-ins often at first, for example after three weeks, six "
                        "weeks and three months, then every quarter. Go through the plan, "
                        "the caseload and how the newcomer is doing.",
                        "Let the caseload grow step by step, with simpler cases first. "
                        "Newcomers rarely say it is too much; ask.",
                        "You approve the newcomer's course bookings in Introduktion. Make "
                        "sure part 1 is done within four months, and follow the introduction "
                        "up in the annual employee talk.",
                    ),
                ],
            },
        },
        {
            "slug": "handledning-forsta-aret",
            "audience": "supervisors",
            "title": "Handledning under det första året",
            "intro": (
                "Hur du lägger upp handledningen av en ny kollega, och hur kursdagarna blir "
                "övning i vardagen."
            ),
            "body": [
                b.p(
                    "Som handledare, ofta 1:e socialsekreterare, ger du den nya kollegan stöd "
                    "i ärendena och i metoderna. Du har inget chefsansvar, men du är den som "
                    "ser arbetet närmast. Under det första året träffas ni minst en gång i "
                    "veckan, och sedan efter behov."
                ),
                b.h("Ett upplägg som fungerar"),
                b.ul(
                    "Börja med att kollegan går bredvid dig och andra erfarna kollegor.",
                    "Lämna sedan över enklare ärenden ett i taget, med tät återkoppling.",
                    "Läs kollegans texter och ge konkret återkoppling på dem.",
                    "Använd medhandläggning i svårare ärenden.",
                ),
                b.h("Efter kursdagarna"),
                b.p(
                    "Varje modul har ett förslag på vad kollegan kan öva på efteråt, under "
                    "rubriken ”Öva efteråt med din handledare”. Boka in en handledningstid "
                    "veckan efter kursen och utgå från förslaget. Det är då kunskapen blir "
                    "till förmåga."
                ),
                b.figure(media["bagar"], alt_text("bagar")),
            ],
        },
        {
            "slug": "dina-forsta-veckor",
            "audience": "newcomers",
            "title": "Dina första veckor",
            "intro": "Vad som händer när du börjar, och vem som finns där för dig.",
            "body": [
                b.p(
                    "De första veckorna handlar om att landa. Du lär känna arbetsgruppen, går "
                    "bredvid erfarna kollegor och får ditt första eget ärende först när du "
                    "och din handledare tycker att det är dags."
                ),
                b.ul(
                    "**Din chef** har gjort en introduktionsplan för dig och går igenom den "
                    "med dig första veckan.",
                    "**Din mentor** är en kollega i arbetsgruppen som du kan fråga om allt.",
                    "**Din handledare** träffar du varje vecka och går igenom ärendena med.",
                    intro="Tre personer finns där särskilt för dig:",
                ),
                b.p(
                    "Logga in i Introduktion för att se din plan och anmäla dig till kurserna. "
                    "Del 1 ska du ha gått inom fyra månader. Prenumerera gärna på "
                    "kursdatumen, så missar du inget.",
                    "Det är normalt att känna sig osäker i början. Fråga hellre en gång för "
                    "mycket än en gång för lite.",
                ),
            ],
        },
    ]


# -- news -----------------------------------------------------------------------------------


def news(today: datetime.date, media) -> list[dict]:
    def ago(days: int) -> datetime.date:
        return today - datetime.timedelta(days=days)

    return [
        {
            "slug": "nya-datum-del-1",
            "date": ago(4),
            "title": "Nya datum för del 1 är publicerade",
            "intro": "Kursdatumen för del 1 de kommande månaderna finns nu att boka.",
            "body": [
                b.p(
                    "Nu kan du anmäla dig till del 1 för de kommande månaderna. Du hittar "
                    "datumen på programsidan och på sidan för varje modul. Logga in och "
                    "anmäl dig under Kurser; din chef godkänner anmälan.",
                    "Del 1 ska vara gjord inom fyra månader från din första arbetsdag. Är du "
                    "nyanställd: boka gärna redan nu.",
                )
            ],
        },
        {
            "slug": "prenumerera-pa-kursdatumen",
            "date": ago(16),
            "title": "Få kursdatumen direkt i din kalender",
            "intro": "Nu kan du prenumerera på programmets kursdatum i Outlook eller på telefonen.",
            "body": [
                b.figure(media["kalender"], alt_text("kalender")),
                b.p(
                    "Med en kalenderprenumeration hamnar kursdatumen i din kalender och "
                    "uppdateras av sig själva när något ändras. Välj att prenumerera på hela "
                    "programmet eller på en enskild modul. Knappen finns på programsidan och "
                    "på varje modulsida.",
                    "Inloggad kan du dessutom skapa en personlig kalender som bara visar de "
                    "kurser du är anmäld till.",
                ),
            ],
        },
        {
            "slug": "nya-artiklar-i-kunskapsbanken",
            "date": ago(33),
            "title": "Nya artiklar om samverkan och sekretess",
            "intro": "Kunskapsbanken har fått nya texter om SIP, samtycke och sekretess.",
            "body": [
                b.p(
                    "Många nya kollegor har frågat hur de ska tänka kring sekretess när de "
                    "samarbetar med skola och vård. Nu finns nya artiklar i kunskapsbanken "
                    "om samordnad individuell plan, samtycke och vad du gör när någon ringer "
                    "och frågar om en person.",
                    "Saknar du något? Skriv till webbredaktionen.",
                )
            ],
        },
        {
            "slug": "valkommen-till-introduktionswebben",
            "date": ago(61),
            "title": "Välkommen till introduktionswebben",
            "intro": (
                "All information om introduktionen för nya socialsekreterare finns nu samlad "
                "på ett ställe."
            ),
            "body": [
                b.p(
                    "Introduktionswebben samlar programmet, kursdatumen, kunskapsbanken och "
                    "vägledningen för chefer, mentorer och handledare. Innehållet är "
                    "detsamma för alla stadsdelar, så att alla nya kollegor får samma grund.",
                    "Webbplatsen tas fram av Kompetens och utbildning tillsammans med "
                    "utbildarstöden i stadsdelarna. Hör gärna av dig med synpunkter.",
                )
            ],
        },
    ]


def news_index() -> dict:
    return {
        "title": "Nyheter",
        "intro": "Nya kursdatum, nytt i kunskapsbanken och annat som rör introduktionen.",
    }


# -- contact, about, accessibility ---------------------------------------------------------------


def contact_page() -> dict:
    return {
        "title": "Kontakt och hjälp",
        "intro": "Vem du frågar om vad, och hur du når oss.",
        "body": [
            b.h("Vem frågar jag?"),
            b.ul(
                "**Din introduktionsplan, din ärendemängd eller ledighet från en kursdag:** "
                "din chef.",
                "**Dina ärenden och hur du ska göra:** din handledare.",
                "**Kursdagar, anmälan och intyg:** introduktionsteamet.",
                "**Inloggning och kalender:** supporten.",
                "**Fel eller förslag på webbplatsen:** webbredaktionen.",
            ),
            b.callout(
                "Om något har hänt",
                b.html(
                    "Har du utsatts för hot eller våld: berätta för din chef samma dag. Vid "
                    "akut fara, ring 112."
                ),
            ),
        ],
        "en": {
            "title": "Contact and help",
            "intro": "Whom to ask about what, and how to reach us.",
            "body": [
                b.h("Whom do I ask?"),
                b.ul(
                    "**Your plan, your caseload or leave from a course day:** your manager.",
                    "**Your cases and how to handle them:** your supervisor.",
                    "**Course days, bookings and certificates:** the introduction team.",
                    "**Logging in and calendars:** support.",
                    "**Errors or ideas for the website:** the web editors.",
                ),
                b.callout(
                    "If something has happened",
                    b.html(
                        "If you have been threatened or attacked, tell your manager the same "
                        "day. In an emergency, call 112."
                    ),
                ),
            ],
        },
    }


def about() -> dict:
    return {
        "slug": "om-webbplatsen",
        "title": "Om webbplatsen",
        "intro": "Vem som står bakom introduktionswebben, hur innehållet tas fram och om kakor.",
        "body": [
            b.p(
                "Introduktionswebben ges ut av socialförvaltningen i Älvstads kommun, enheten "
                "Kompetens och utbildning. Den samlar det gemensamma introduktionsprogrammet "
                "för nya socialsekreterare och biståndshandläggare och den kunskap och "
                "vägledning som hör till.",
                "Texterna skrivs av redaktörer tillsammans med utbildarstöden i "
                "stadsdelarna. Varje ändring granskas av en annan redaktör innan den "
                "publiceras.",
            ),
            b.h("Kakor"),
            b.p(
                "Webbplatsen använder bara kakor som behövs för att den ska fungera: en som "
                "håller dig inloggad, en som skyddar formulären och en som kommer ihåg vilket "
                "språk du har valt. Vi använder inga kakor för statistik eller reklam."
            ),
            b.h("Personuppgifter"),
            b.p(
                "De öppna sidorna samlar inte in några personuppgifter. När du loggar in "
                "behandlar kommunen uppgifter om dig för att administrera din introduktion, "
                "till exempel dina kursanmälningar."
            ),
        ],
    }


def accessibility(today: datetime.date) -> dict:
    reviewed = (today - datetime.timedelta(days=20)).isoformat()
    published = (today - datetime.timedelta(days=61)).isoformat()
    return {
        "slug": "tillganglighet",
        "title": "Tillgänglighetsredogörelse",
        "intro": (
            "Hur introduktionswebben uppfyller lagen om tillgänglighet till digital offentlig "
            "service, vilka brister vi känner till och hur du rapporterar problem."
        ),
        "body": [
            b.p(
                "Älvstads kommun står bakom introduktionswebben. Vi vill att alla ska kunna "
                "använda webbplatsen, oavsett funktionsnedsättning eller vilken utrustning "
                "man har. Här beskriver vi hur webbplatsen uppfyller lagen om tillgänglighet "
                "till digital offentlig service, vilka kända brister som finns och hur du kan "
                "rapportera problem till oss."
            ),
            b.h("Hur tillgänglig är webbplatsen?"),
            b.p(
                "Webbplatsen är delvis förenlig med lagen om tillgänglighet till digital "
                "offentlig service, på grund av de brister som beskrivs nedan. Målet är att "
                "uppfylla nivå AA i WCAG 2.1."
            ),
            b.h("Innehåll som inte är tillgängligt"),
            b.ul(
                "Några av de PDF-filer som går att ladda ner saknar taggar för rubriker och "
                "listor, vilket gör dem svårare att läsa med skärmläsare (WCAG 1.3.1). Det "
                "viktigaste innehållet finns också som text på webbsidan där filen ligger, "
                "och du kan få filerna i ett annat format från webbredaktionen.",
                "Bara en del av sidorna finns på engelska. Sidor som saknar översättning "
                "visas på svenska och är märkta med sitt språk, så att skärmläsare läser dem "
                "rätt.",
            ),
            b.h("Vad kan du göra om du inte kan använda delar av webbplatsen?"),
            b.p(
                "Om du behöver innehåll från webbplatsen i ett annat format kan du kontakta "
                "webbredaktionen på webb@alvstad.example. Vi svarar inom två arbetsdagar."
            ),
            b.h("Rapportera brister"),
            b.p(
                "Vi arbetar hela tiden med att förbättra webbplatsen. Om du upptäcker problem "
                "som inte står på den här sidan, eller om du tycker att vi inte uppfyller "
                "lagens krav, hör av dig till webbredaktionen så att vi får veta att "
                "problemet finns."
            ),
            b.h("Tillsyn"),
            b.rich(
                b.html(
                    "Myndigheten för digital förvaltning (Digg) har ansvar för tillsyn över "
                    "lagen om tillgänglighet till digital offentlig service. Om du inte är "
                    "nöjd med hur vi hanterar dina synpunkter kan du kontakta Digg och "
                    "påtala det."
                )
                + '<p><a href="https://www.digg.se/">Myndigheten för digital förvaltning, '
                "digg.se</a></p>"
            ),
            b.h("Hur vi testar webbplatsen"),
            b.p(
                "Varje ändring i webbplatsens mallar testas automatiskt med verktyget "
                "axe-core. Vi granskar också sidorna manuellt med tangentbord, förstoring och "
                f"skärmläsare. Den senaste manuella granskningen gjordes {reviewed}.",
                f"Webbplatsen publicerades {published}. Redogörelsen uppdaterades senast "
                f"{reviewed}.",
            ),
        ],
        "en": {
            "title": "Accessibility statement",
            "intro": (
                "How the introduction website meets the Swedish law on accessibility of "
                "digital public services, the shortcomings we know of and how to report "
                "problems."
            ),
            "body": [
                b.p(
                    "Älvstad municipality runs this website. We want everyone to be able to "
                    "use it, whatever their disability or equipment."
                ),
                b.h("How accessible is the website?"),
                b.p(
                    "The website partly complies with the law on accessibility of digital "
                    "public services, because of the shortcomings below. Our goal is level "
                    "AA of WCAG 2.1."
                ),
                b.h("Content that is not accessible"),
                b.ul(
                    "Some downloadable PDF files lack tags for headings and lists, which "
                    "makes them harder to read with a screen reader (WCAG 1.3.1). The main "
                    "points are also on the web page that links to them, and the web "
                    "editors can send the files in another format.",
                    "Only some pages are in English. Untranslated pages are shown in Swedish "
                    "and marked with their language so screen readers read them correctly.",
                ),
                b.h("Reporting problems"),
                b.p(
                    "If you find a problem not described here, or need content in another "
                    "format, write to the web editors at webb@alvstad.example. We reply "
                    "within two working days."
                ),
                b.h("Supervision"),
                b.rich(
                    b.html(
                        "The Agency for Digital Government (Digg) supervises the law. If you "
                        "are not satisfied with how we handle your report, you can contact "
                        "Digg."
                    )
                    + '<p><a href="https://www.digg.se/">Agency for Digital Government, '
                    "digg.se</a></p>"
                ),
                b.h("How we test the website"),
                b.p(
                    "Every change to the site's templates is tested automatically with "
                    "axe-core, and we review pages by hand with keyboard, magnification and "
                    f"screen readers. This statement was last updated on {reviewed}."
                ),
            ],
        },
    }


# -- printable handouts ---------------------------------------------------------------------

HANDOUTS = [
    Handout(
        "forberedelse-del-1",
        "Checklista: förbered dig inför del 1",
        "Gör det här före den första kursdagen, gärna tillsammans med din handledare.",
        [
            (
                "Före kursen",
                [
                    "Anmäl dig under Kurser och se till att din chef har godkänt anmälan.",
                    "Läs hur socialnämnden är sammansatt och när den sammanträder.",
                    "Ta fram nämndens riktlinjer för ditt verksamhetsområde.",
                    "Läs två journalanteckningar i ett ärende tillsammans med din handledare.",
                    "Tänk på ett samtal från dina första veckor som var svårt eller gick bra.",
                ],
            ),
            (
                "Ta med",
                [
                    "En fråga om riktlinjerna som du vill ha svar på.",
                    "Dina tankar om samtalet, att dela i en liten grupp.",
                ],
            ),
            (
                "Efter kursen",
                [
                    "Boka en tid med din handledare veckan efter.",
                    "Läs avsnittet Öva efteråt på modulens sida och välj vad du ska öva på.",
                ],
            ),
        ],
    ),
    Handout(
        "journalanteckning",
        "Lathund: en tydlig journalanteckning",
        "Några frågor att ställa till din text innan du sparar den.",
        [
            (
                "Innehåll",
                [
                    "Har det betydelse för ärendet? Annars ska det inte stå där.",
                    "Står det vem som har sagt eller sett vad?",
                    "Är bedömningar markerade som bedömningar, och står det vad de bygger på?",
                    "Finns personens egen uppfattning med?",
                ],
            ),
            (
                "Språk",
                [
                    "Har anteckningen en rubrik som säger vad den handlar om?",
                    "Är meningarna korta och orden vardagliga?",
                    "Finns det värdeladdade ord som kan bytas mot en saklig beskrivning?",
                    "Skulle personen känna igen sig och förstå texten?",
                ],
            ),
        ],
    ),
    Handout(
        "reflektion-handledning",
        "Reflektionsstöd: samtalet med handledaren efter en kursdag",
        "Använd frågorna i handledningen veckan efter kursen.",
        [
            (
                "Om kursen",
                [
                    "Vad tar du med dig från kursdagen?",
                    "Vad var nytt, och vad bekräftade det du redan gör?",
                ],
            ),
            (
                "Om övningen",
                [
                    "Vad ska du öva på, och i vilket ärende?",
                    "Hur vet ni att det har gått bra?",
                    "När följer ni upp?",
                ],
            ),
        ],
    ),
    Handout(
        "hot-och-vald",
        "Checklista: inför ett möte där det kan finnas risk för hot",
        "Gå igenom listan före mötet. Är du osäker: var två, och fråga din chef.",
        [
            (
                "Före mötet",
                [
                    "Finns det uppgifter om hot eller våld i ärendet?",
                    "Är rummet bokat med larm och fri väg ut?",
                    "Vet en kollega var du är och när du räknar med att vara klar?",
                    "Vid hembesök: är ni två, och följer ni rutinen för hembesök?",
                ],
            ),
            (
                "Efter mötet",
                [
                    "Berätta för din chef samma dag om något har hänt.",
                    "Rapportera händelsen enligt enhetens rutin, också om den känns liten.",
                    "Ta emot det stöd som erbjuds.",
                ],
            ),
        ],
    ),
    Handout(
        "forhandsbedomning",
        "Stöd för förhandsbedömningen",
        "Frågor att gå igenom när en anmälan kommer in.",
        [
            (
                "Samma dag",
                [
                    "Rör anmälan ett barn? Behöver barnet omedelbart skydd?",
                    "Vem behöver veta om anmälan i dag: chef, kollega, socialjour?",
                ],
            ),
            (
                "Inom förhandsbedömningen",
                [
                    "Vad är oron, och hur allvarlig är den?",
                    "Vilka kontakter behövs för att bedöma om en utredning ska inledas?",
                    "Har personen eller vårdnadshavarna fått komma till tals?",
                    "Är bedömningen och skälen dokumenterade?",
                    "Klart i tid? Som regel inom 14 dagar.",
                ],
            ),
        ],
    ),
]
