"""The demo site's module pages: one text per module of the programme, by module slug.

Each text has what a course description on a municipality's site would have: what the
module is about, learning goals, what to prepare, what to practise with the supervisor
afterwards, and for some a few common questions, downloads or a picture. The English
texts are shorter but cover the title, the introduction, the goals and the practice.
A module the demo does not know (one a coordinator added) gets a plain page made from
its own title and description.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import demo_blocks as b
from .demo_media import alt_text


@dataclass(frozen=True)
class English:
    title: str
    intro: str
    goals: list[str]
    text: list[str]
    practise: str
    preparation: str = ""


@dataclass(frozen=True)
class ModuleText:
    intro: str
    goals: list[str]
    preparation: str
    text: list[str]
    en: English
    practise: str = ""  # used when the module in lms has no practise text of its own
    callout: tuple[str, str] | None = None
    faq: list[tuple[str, str]] = field(default_factory=list)
    downloads: list[str] = field(default_factory=list)
    figure: str = ""
    contact: str = "introduktion"


MODULES: dict[str, ModuleText] = {
    "politiskt-styrd-organisation": ModuleText(
        intro=(
            "Hur kommunen styrs, vem som beslutar vad och var din roll som tjänsteperson "
            "finns mellan politiken, lagen och den enskilda människan."
        ),
        goals=[
            "beskriva hur kommunfullmäktige, socialnämnden och förvaltningen hänger ihop",
            "förklara skillnaden mellan politiska beslut och beslut i enskilda ärenden",
            "hitta nämndens reglemente, riktlinjer och delegationsordning för ditt område",
            "förklara vad saklighet och opartiskhet betyder i ditt dagliga arbete",
            "beskriva hur ett ärende når nämnden och vad som händer där",
        ],
        preparation=(
            "Läs på kommunens webbplats hur socialnämnden är sammansatt och när den "
            "sammanträder. Ta fram nämndens riktlinjer för ditt verksamhetsområde och "
            "skriv ner en fråga om något du inte förstår. Checklistan nedan hjälper dig att "
            "förbereda hela del 1."
        ),
        text=[
            "Socialtjänsten är en del av kommunen, och kommunen styrs av förtroendevalda. "
            "Kommunfullmäktige beslutar om mål, budget och vilka nämnder som ska finnas. "
            "Socialnämnden ansvarar för socialtjänsten: den beslutar om riktlinjer och "
            "verksamhetens inriktning och fattar vissa beslut i enskilda ärenden. "
            "Förvaltningen, där du arbetar, bereder ärendena och verkställer nämndens beslut.",
            "Som socialsekreterare fattar du många beslut på nämndens vägnar, genom "
            "delegation. Därför behöver du veta var gränserna går: vad du får besluta "
            "själv, vad som ska till din chef eller till ett utskott, och hur besluten "
            "återrapporteras till nämnden.",
            "Under dagarna varvas föreläsningar med samtal i grupp. En ledamot från "
            "socialnämnden och förvaltningens ledning berättar om sina uppdrag, och ni "
            "övar på att skriva en kort tjänsteskrivelse till nämnden.",
        ],
        faq=[
            (
                "Måste jag gå modulen om jag har arbetat i en annan kommun?",
                "Ja, om du är ny i Älvstad. Organisation, riktlinjer och delegationsordning "
                "skiljer sig mellan kommuner. Har du arbetat här tidigare kan din chef "
                "bestämma att du hoppar över modulen.",
            ),
            (
                "Vad händer om jag är sjuk en av dagarna?",
                "Meddela din chef och introduktionsteamet. Du går den missade dagen vid "
                "nästa tillfälle; del 1 går nästan varje månad.",
            ),
        ],
        downloads=["forberedelse-del-1"],
        figure="staden",
        en=English(
            title="Working in a politically governed organisation",
            intro=(
                "How the municipality is governed, who decides what, and where your role as "
                "an official lies between politics, the law and the person in front of you."
            ),
            goals=[
                "describe how the municipal council, the social services committee and the "
                "administration fit together",
                "explain the difference between political decisions and decisions in "
                "individual cases",
                "find the committee's rules, guidelines and delegation order for your area",
                "explain what objectivity and impartiality mean in your daily work",
            ],
            text=[
                "Social services are part of the municipality, which is governed by elected "
                "politicians. The social services committee sets guidelines and direction; "
                "the administration, where you work, prepares cases and carries out the "
                "committee's decisions. Many of your own decisions are taken on the "
                "committee's behalf through delegation, so you need to know where the "
                "limits are."
            ],
            practise=(
                "Go through the committee's latest decision on guidelines with your "
                "supervisor: what changed, and what does it mean for your cases?"
            ),
        ),
    ),
    "regler-dokumentation": ModuleText(
        intro=(
            "Vilka regler som styr ditt arbete, hur du dokumenterar så att den enskilde kan "
            "förstå och lita på det som står, och hur du förklarar ett beslut."
        ),
        goals=[
            "skilja på lag, föreskrift, allmänt råd och kommunala riktlinjer",
            "skriva en journalanteckning som är saklig, kortfattad och begriplig",
            "hålla isär fakta, egna iakttagelser och bedömningar i en text",
            "förklara den enskildes rätt att ta del av och lämna synpunkter på det som "
            "dokumenteras",
        ],
        preparation=(
            "Läs två journalanteckningar i ett ärende tillsammans med din handledare innan "
            "kursen. Fundera på en fråga: skulle personen själv känna igen sig i texten?"
        ),
        text=[
            "Dokumentationen är ditt viktigaste arbetsverktyg och en del av den enskildes "
            "rättssäkerhet. Det du skriver ska kunna läsas av personen det gäller, av en "
            "kollega som tar över ärendet och ibland av en domstol. Därför ska texten vara "
            "saklig och korrekt, och så kort som möjligt utan att något viktigt saknas.",
            "Under halvdagen går vi igenom vad som styr dokumentationen: socialtjänstlagen, "
            "förvaltningslagen, Socialstyrelsens föreskrifter och allmänna råd och nämndens "
            "egna riktlinjer. Vi övar på att skriva om värdeladdade formuleringar och på att "
            "förklara ett beslut i ett brev som går att förstå.",
        ],
        callout=(
            "En tumregel",
            "Skriv så att personen du skriver om kan läsa texten utan att känna sig kränkt, "
            "och så att en kollega kan ta över ärendet i morgon.",
        ),
        faq=[
            (
                "Får den enskilde läsa allt jag skriver?",
                "Huvudregeln är att den som ärendet gäller har rätt att ta del av uppgifterna "
                "i sin akt. Det finns undantag, till exempel när uppgifter om någon annan "
                "omfattas av sekretess. Stäm av med din handledare eller chef innan du "
                "lämnar ut en akt.",
            ),
        ],
        downloads=["journalanteckning", "forberedelse-del-1"],
        en=English(
            title="Rules, guidelines, documentation and communication",
            intro=(
                "The rules that govern your work, how to document so that the person can "
                "understand and trust what is written, and how to explain a decision."
            ),
            goals=[
                "tell a statute, a regulation, general advice and municipal guidelines apart",
                "write a case note that is factual, brief and easy to understand",
                "keep facts, your own observations and your assessments apart in a text",
                "explain the person's right to read, and comment on, what is documented",
            ],
            text=[
                "Documentation is your most important tool and part of the person's legal "
                "security. What you write may be read by the person concerned, by a colleague "
                "who takes over the case and sometimes by a court."
            ],
            practise=(
                "Write a case note in one of your cases and go through it with your supervisor."
            ),
        ),
    ),
    "bemotande-samtal": ModuleText(
        intro=(
            "Hur du skapar förtroende i ett samtal där du också utövar myndighet, och hur du "
            "tar hand om dig själv när samtalen är svåra."
        ),
        goals=[
            "förklara hur makt och myndighetsutövning påverkar ett samtal",
            "använda öppna frågor, reflektioner och sammanfattningar",
            "förbereda, genomföra och avsluta ett första samtal",
            "känna igen när du behöver stöd efter ett svårt samtal",
        ],
        preparation=(
            "Tänk på ett samtal från dina första veckor som kändes svårt eller som gick "
            "bra. Vad gjorde skillnaden? Ta med dina tankar; vi delar erfarenheter i små "
            "grupper."
        ),
        text=[
            "Den du möter har ofta inte själv valt att träffa socialtjänsten, och du har "
            "makt över beslut som betyder mycket för hen. Ett gott bemötande är därför mer "
            "än vänlighet: det handlar om att vara tydlig med ditt uppdrag, lyssna på "
            "riktigt och förklara vad som händer härnäst.",
            "Halvdagen ger en första grund i samtalsmetodik med inslag från motiverande "
            "samtal (MI). Fördjupningen kommer i del 2.",
        ],
        faq=[
            (
                "Jag har redan gått en utbildning i MI. Behöver jag gå modulen?",
                "Ja. Modulen handlar mer om samtalet i myndighetsutövning än om MI som "
                "metod, och du får träffa andra nya kollegor och dela erfarenheter.",
            ),
        ],
        downloads=["reflektion-handledning", "forberedelse-del-1"],
        figure="samtal",
        en=English(
            title="Conduct, conversation and relationships",
            intro=(
                "How to build trust in a conversation where you also exercise public "
                "authority, and how to look after yourself when conversations are hard."
            ),
            goals=[
                "explain how power and public authority affect a conversation",
                "use open questions, reflections and summaries",
                "prepare, hold and close a first meeting",
                "notice when you need support after a difficult conversation",
            ],
            text=[
                "The people you meet have often not chosen to see social services, and you "
                "hold power over decisions that matter a great deal to them. Good conduct is "
                "about being clear about your task, listening for real and explaining what "
                "happens next."
            ],
            practise=(
                "Prepare a first meeting with a client and reflect on it with your "
                "supervisor afterwards."
            ),
        ),
    ),
    "lagstiftning": ModuleText(
        intro=(
            "En översikt över lagarna du arbetar efter, hur de hänger ihop och var du hittar "
            "svar när du är osäker."
        ),
        goals=[
            "beskriva socialtjänstlagen som ramlag och vad det betyder för bedömningen i det "
            "enskilda ärendet",
            "förklara när LVU och LVM kan bli aktuella och vem som beslutar vad",
            "tillämpa förvaltningslagens krav när du handlägger ett ärende",
            "hitta föreskrifter, vägledande avgöranden och nämndens riktlinjer",
        ],
        preparation=(
            "Läs nämndens riktlinjer för ditt område och markera två ställen där du är "
            "osäker på hur de ska tillämpas."
        ),
        text=[
            "Socialtjänstlagen är en ramlag. Den anger mål och ramar men säger sällan exakt "
            "vad som ska ges i ett enskilt fall; det avgörs genom en individuell bedömning. "
            "Kommunens riktlinjer hjälper till att göra bedömningarna likvärdiga, men de får "
            "aldrig ersätta prövningen av den enskildes behov.",
            "Vid sidan av socialtjänstlagen finns bland annat LVU och LVM, som gör det "
            "möjligt att ge vård utan samtycke, och LSS för personer med vissa "
            "funktionsnedsättningar. Förvaltningslagen gäller all handläggning och ställer "
            "krav på till exempel kommunicering, motivering och information om hur man "
            "överklagar.",
        ],
        practise=(
            "Välj ett av dina ärenden och gå igenom med din handledare vilka lagar och "
            "riktlinjer som styr det. Finns det något i riktlinjerna som behöver prövas "
            "särskilt i just det här ärendet?"
        ),
        faq=[
            (
                "Vad gäller när riktlinjerna och lagen verkar säga olika saker?",
                "Lagen går alltid före. Riktlinjer är ett stöd för bedömningen och får inte "
                "begränsa den enskildes rätt till en individuell prövning. Ta upp frågan med "
                "din chef om du ser en motsägelse.",
            ),
        ],
        en=English(
            title="Legislation and guidelines",
            intro=(
                "An overview of the laws you work under, how they fit together and where to "
                "find answers when you are unsure."
            ),
            goals=[
                "describe the Social Services Act as a framework law and what that means "
                "for the assessment of each case",
                "explain when compulsory care for young people or adults may come into "
                "question, and who decides what",
                "apply the Administrative Procedure Act when you handle a case",
                "find regulations, leading court decisions and the committee's guidelines",
            ],
            text=[
                "The Social Services Act sets goals and limits but seldom says exactly what "
                "a person should be given; that is decided by an individual assessment. "
                "Municipal guidelines help make assessments consistent, but they never "
                "replace the assessment of the person's needs."
            ],
            practise=(
                "Pick one of your cases and go through with your supervisor which laws and "
                "guidelines govern it."
            ),
        ),
    ),
    "aktualisering": ModuleText(
        intro="Från den första kontakten till beslutet om att inleda utredning eller inte.",
        goals=[
            "beskriva hur ett ärende aktualiseras: genom ansökan, anmälan eller på annat sätt",
            "göra en skyddsbedömning när en anmälan om ett barn kommer in",
            "genomföra och dokumentera en förhandsbedömning",
            "motivera ett beslut om att inleda eller inte inleda utredning",
        ],
        preparation=(
            "Läs enhetens rutin för mottagning. Arbetar du med barn och unga: läs två "
            "anmälningar tillsammans med din handledare och prata om vad ni ser."
        ),
        text=[
            "Ett ärende aktualiseras när socialtjänsten får veta att någon kan behöva stöd "
            "eller skydd: genom en ansökan från personen själv, en anmälan från någon annan "
            "eller på annat sätt. Redan då börjar handläggningen, och det som händer ska "
            "dokumenteras.",
            "När en anmälan rör ett barn bedömer du först om barnet behöver omedelbart "
            "skydd. Den bedömningen görs samma dag som anmälan kommer in. Sedan gör du en "
            "förhandsbedömning: ska en utredning inledas? Förhandsbedömningen ska som regel "
            "vara klar inom 14 dagar.",
            "Under dagarna arbetar ni med påhittade ärenden från olika verksamhetsområden "
            "och övar på att skriva motiveringar.",
        ],
        faq=[
            (
                "Vad gör jag om en anmälan kommer in sent på en fredag?",
                "Skyddsbedömningen ska göras samma dag. Följ enhetens rutin och kontakta din "
                "chef eller socialjouren om du är osäker. Som ny ska du aldrig behöva bedöma "
                "ett akut skyddsbehov ensam.",
            ),
            (
                "Får jag kontakta den som har gjort anmälan?",
                "Ja, det är ofta bra för att förstå oron. Anmälaren har däremot inte rätt att "
                "få veta vad som händer i ärendet; det omfattas av sekretess.",
            ),
        ],
        downloads=["forhandsbedomning"],
        figure="vagar",
        en=English(
            title="Receiving a case: initial contact and preliminary assessment",
            intro=(
                "From the first contact to the decision whether or not to open an investigation."
            ),
            goals=[
                "describe how a case arises: through an application, a report or otherwise",
                "assess a child's immediate need of protection when a report comes in",
                "carry out and document a preliminary assessment",
                "give reasons for a decision to open an investigation or not",
            ],
            text=[
                "When a report concerns a child, you first assess whether the child needs "
                "protection at once; that is done on the day the report arrives. Then the "
                "preliminary assessment decides whether to investigate, as a rule within 14 "
                "days."
            ],
            practise="Carry out a preliminary assessment together with your supervisor.",
        ),
    ),
    "utredning": ModuleText(
        intro=(
            "Hur du planerar, genomför och avslutar en utredning som ger underlag för ett "
            "rättssäkert beslut."
        ),
        goals=[
            "göra en utredningsplan tillsammans med den enskilde",
            "samla in uppgifter på ett sätt som respekterar den enskildes integritet",
            "hålla isär underlag, analys och bedömning i utredningen",
            "använda BBIC eller ditt områdes stöd för en strukturerad bedömning",
            "kommunicera utredningen innan beslut fattas",
        ],
        preparation=(
            "Läs en avslutad utredning från din enhet; din handledare hjälper dig att välja. "
            "Vad var frågan, vilka källor användes och hur hängde bedömningen ihop med "
            "underlaget?"
        ),
        text=[
            "En utredning ska ge tillräckligt underlag för ett beslut, varken mer eller "
            "mindre. Den utgår från den enskildes situation och behov och bygger på uppgifter "
            "som har betydelse för frågan som ska besvaras. Personen ska så långt det går "
            "vara delaktig och veta vad som händer.",
            "Modulens tre dagar följer utredningens gång: planering, insamling av uppgifter "
            "och kontakter med andra, analys och bedömning och till sist kommuniceringen. "
            "Ni arbetar i blandade grupper med deltagare från olika verksamhetsområden, "
            "vilket brukar ge bra samtal om likheter och skillnader.",
        ],
        callout=(
            "Tidsgränser",
            "Utredningar som rör barn ska som regel vara klara inom fyra månader. Andra "
            "utredningar ska bedrivas skyndsamt. Planera tidigt, så att bedömningen inte "
            "behöver skrivas i all hast på slutet.",
        ),
        faq=[
            (
                "Hur mycket ska jag skriva?",
                "Så mycket som behövs för beslutet. Uppgifter som saknar betydelse för "
                "frågan ska varken samlas in eller dokumenteras. Din handledare hjälper dig "
                "att hitta nivån.",
            ),
        ],
        en=English(
            title="Investigation and assessment",
            intro=(
                "How to plan, carry out and close an investigation that gives the basis for "
                "a decision with legal certainty."
            ),
            goals=[
                "draw up an investigation plan together with the person",
                "gather information in a way that respects the person's integrity",
                "keep facts, analysis and assessment apart",
                "use BBIC, or your area's equivalent, for a structured assessment",
                "let the person see and comment on the investigation before the decision",
            ],
            text=[
                "An investigation should give enough for a decision, no more and no less. "
                "It starts from the person's situation and needs, and the person should take "
                "part as far as possible."
            ],
            practise=(
                "Plan an investigation and go through the investigation plan with your supervisor."
            ),
        ),
    ),
    "beslut": ModuleText(
        intro=(
            "Vem som får fatta vilket beslut, hur ett beslut ska vara utformat och vad som "
            "händer när någon inte är nöjd."
        ),
        goals=[
            "hitta ditt beslutsutrymme i delegationsordningen",
            "skriva ett beslut med en motivering som den enskilde kan förstå",
            "informera om hur man överklagar och ta hand om ett överklagande",
            "känna igen jäv och veta vad du ska göra",
        ],
        preparation=(
            "Läs delegationsordningen för ditt område. Markera de beslut som du själv "
            "kommer att fatta och de som någon annan fattar."
        ),
        text=[
            "Socialnämnden kan lämna över, delegera, rätten att fatta beslut till ett "
            "utskott eller till anställda. Delegationsordningen visar vem som får fatta "
            "vilka beslut. Ett beslut som fattas på delegation är nämndens beslut och ska "
            "återrapporteras till nämnden.",
            "Ett beslut ska vara begripligt och motiverat: personen ska förstå vad som har "
            "beslutats, varför, och hur hen kan överklaga. Ett överklagande ska ha kommit in "
            "inom tre veckor från att personen fick del av beslutet. Först prövas om "
            "beslutet ska ändras; annars skickas överklagandet vidare till "
            "förvaltningsrätten.",
        ],
        faq=[
            (
                "Vad gör jag om jag känner den som ansöker?",
                "Säg till din chef direkt. Om du är jävig ska någon annan handlägga ärendet. "
                "Det skyddar både den enskilde och dig.",
            ),
            (
                "Fattar jag beslut redan de första veckorna?",
                "Det bestämmer din chef. På många enheter bereder nya medarbetare besluten "
                "under en tid, medan en mer erfaren kollega fattar dem.",
            ),
        ],
        en=English(
            title="Decisions, delegation and appeals",
            intro=(
                "Who may take which decision, what a decision must contain, and what "
                "happens when someone is not satisfied."
            ),
            goals=[
                "find what you may decide in the delegation order",
                "write a decision with reasons the person can understand",
                "tell the person how to appeal, and handle an appeal",
                "recognise a conflict of interest and know what to do",
            ],
            text=[
                "A decision taken under delegation is the committee's decision and is "
                "reported back to it. An appeal must arrive within three weeks of the person "
                "being told of the decision; it is first checked whether the decision "
                "should be changed, and otherwise sent on to the administrative court."
            ],
            practise=("Go through the delegation order for your area with your supervisor."),
        ),
    ),
    "insatser": ModuleText(
        intro=(
            "Från beslut till insats: hur du planerar tillsammans med den enskilde, beställer "
            "insatsen och gör uppdraget tydligt för den som ska utföra den."
        ),
        goals=[
            "göra en plan för insatsen tillsammans med den enskilde",
            "formulera mål som går att följa upp",
            "skriva en tydlig beställning till utföraren",
            "ta initiativ till en samordnad individuell plan (SIP) när fler aktörer behövs",
        ],
        preparation=(
            "Ta reda på vilka insatser din enhet oftast beslutar om och vem som utför dem: "
            "kommunen själv, en annan förvaltning eller en extern utförare."
        ),
        text=[
            "Ett beslut om bistånd eller vård blir verklighet först när insatsen kommer "
            "igång. Planeringen är lika viktig som utredningen: den enskilde ska vara "
            "delaktig, målen ska gå att följa upp och utföraren ska veta vad uppdraget är.",
            "Dagarna handlar om planering, beställning och samarbetet med utförare, och om "
            "vad du gör när en insats inte kan komma igång i tid.",
        ],
        practise=(
            "Gå igenom en beställning du har skrivit tillsammans med din handledare. Är målen "
            "formulerade så att ni om några månader kan se om de har nåtts? Vet utföraren "
            "vad uppdraget är?"
        ),
        faq=[
            (
                "Vad händer om ett beslut inte kan verkställas?",
                "Kontakta din chef. Beslut som inte verkställs inom en viss tid ska "
                "rapporteras, och den enskilde ska få veta vad som händer. Din enhet har en "
                "rutin för det.",
            ),
        ],
        en=English(
            title="Planning and ordering interventions",
            intro=(
                "From decision to intervention: planning with the person, ordering the "
                "intervention and making the task clear to whoever provides it."
            ),
            goals=[
                "draw up a plan for the intervention together with the person",
                "set goals that can be followed up",
                "write a clear order to the provider",
                "start a coordinated individual plan (SIP) when several services are needed",
            ],
            text=[
                "A decision becomes real only when the intervention starts. The person takes "
                "part in the planning, the goals can be followed up, and the provider knows "
                "what the task is."
            ],
            practise=(
                "Go through an order you have written with your supervisor: can you tell in "
                "a few months whether its goals were met?"
            ),
        ),
    ),
    "uppfoljning": ModuleText(
        intro=(
            "Hur du följer upp att insatsen gör skillnad för den enskilde, och hur "
            "uppföljningen blir kunskap för verksamheten."
        ),
        goals=[
            "planera uppföljningen redan när insatsen beställs",
            "följa upp tillsammans med den enskilde och utföraren",
            "använda strukturerade bedömningsinstrument där det finns",
            "avgöra om en insats ska fortsätta, ändras eller avslutas",
        ],
        preparation=(
            "Ta reda på hur din enhet följer upp insatser i dag: när, med vem och hur det "
            "dokumenteras."
        ),
        text=[
            "Uppföljningen är den del av processen som lättast glöms bort när det är mycket "
            "att göra. Men det är där du ser om insatsen gör det den var tänkt att göra. "
            "Uppföljningen är också viktig för rättssäkerheten: ett beslut ska bygga på "
            "aktuella uppgifter.",
            "Modulen tar också upp hur sammanställda uppföljningar, utan uppgifter om "
            "enskilda personer, kan ge kunskap om vilka insatser som fungerar.",
        ],
        practise=(
            "Planera en uppföljning i ett av dina ärenden tillsammans med din handledare: "
            "vem ska vara med, vilka frågor ska besvaras och vad gör ni om målen inte har "
            "nåtts?"
        ),
        en=English(
            title="Follow-up and evaluation",
            intro=(
                "How to follow up that an intervention makes a difference for the person, "
                "and how follow-up becomes knowledge for the service."
            ),
            goals=[
                "plan the follow-up when the intervention is ordered",
                "follow up together with the person and the provider",
                "use structured assessment tools where they exist",
                "decide whether an intervention continues, changes or ends",
            ],
            text=[
                "Follow-up is the step most easily forgotten when there is much to do, yet "
                "it is where you see whether the intervention does what it was meant to do."
            ],
            practise=(
                "Plan a follow-up in one of your cases with your supervisor: who takes part, "
                "which questions need answers, and what you will do if the goals were not "
                "met."
            ),
        ),
    ),
    "barnperspektiv": ModuleText(
        intro=(
            "Barnets bästa och barnets rätt att komma till tals, oavsett om du arbetar med "
            "barn, vuxna eller äldre."
        ),
        goals=[
            "förklara vad barnkonventionen som svensk lag betyder för ditt arbete",
            "ta reda på om det finns barn som berörs av ett beslut, även i vuxenärenden",
            "förbereda och genomföra ett samtal med ett barn",
            "dokumentera hur barnets bästa har beaktats",
        ],
        preparation=(
            "Fundera på i vilka av dina ärenden det finns barn som berörs, även om det inte "
            "är barnen som har ansökt eller anmälts."
        ),
        text=[
            "Sedan 2020 gäller barnkonventionen som svensk lag. När en åtgärd rör barn ska "
            "barnets bästa särskilt beaktas, och barnet ska få information och möjlighet att "
            "säga vad hen tycker. Det gäller inte bara arbetet med barn och unga: ett beslut "
            "om ekonomiskt bistånd eller om boende kan betyda mycket för barnen i en familj.",
            "Dagen blandar föreläsning med övningar i barnsamtal och i att skriva en "
            "barnkonsekvensanalys.",
        ],
        practise=(
            "Gå igenom ett vuxenärende med din handledare och pröva: vilka barn berörs, hur "
            "har barnens situation beaktats och hur skulle det kunna dokumenteras tydligare?"
        ),
        faq=[
            (
                "Hur pratar jag med ett litet barn?",
                "Anpassa samtalet efter barnets ålder och mognad, använd gärna bilder eller "
                "lek, och var tydlig med varför ni träffas. I modulen övar vi på det, och din "
                "handledare kan visa hur enheten brukar göra.",
            ),
        ],
        figure="alven",
        en=English(
            title="The child's perspective in case handling",
            intro=(
                "The best interests of the child and the child's right to be heard, whether "
                "you work with children, adults or older people."
            ),
            goals=[
                "explain what the Convention on the Rights of the Child as Swedish law means "
                "for your work",
                "find out whether children are affected by a decision, also in adult cases",
                "prepare and hold a conversation with a child",
                "document how the child's best interests were considered",
            ],
            text=[
                "Since 2020 the Convention on the Rights of the Child is Swedish law. A "
                "decision on financial assistance or housing can matter a great deal to the "
                "children in a family, so the child's perspective belongs in every area."
            ],
            practise=(
                "Go through an adult case with your supervisor: which children are "
                "affected, and how was their situation considered?"
            ),
        ),
    ),
    "dokumentation-fordjupning": ModuleText(
        intro=(
            "Att skriva utredningar, beslut och brev som är rättssäkra och begripliga, med "
            "den enskildes perspektiv i texten."
        ),
        goals=[
            "skriva en analys som tydligt bygger på underlaget",
            "använda klarspråk i beslut och brev",
            "dokumentera den enskildes egen uppfattning och delaktighet",
            "avgöra vad som inte ska dokumenteras",
        ],
        preparation=(
            "Ta med en text du har skrivit, till exempel ett beslut eller ett brev, där alla "
            "uppgifter som kan identifiera någon är borttagna."
        ),
        text=[
            "Fördjupningen bygger vidare på halvdagen i del 1. Nu har du egna texter att utgå "
            "från, och vi arbetar med det som många nya socialsekreterare tycker är svårast: "
            "att skriva analysen och bedömningen så att läsaren kan följa resonemanget.",
            "Vi tar också upp digital kommunikation: vad som kan skickas med e-post eller "
            "sms, och vad som kräver en säker kanal.",
        ],
        practise=(
            "Välj en text du har skrivit de senaste veckorna. Skriv om den med "
            "klarspråksråden från kursen och jämför de två versionerna med din handledare."
        ),
        faq=[
            (
                "Får jag skriva in mina egna tankar i journalen?",
                "Du ska dokumentera dina bedömningar, men de ska vara tydligt markerade som "
                "bedömningar och bygga på uppgifter i ärendet. Gissningar och personliga "
                "värderingar hör inte hemma i akten.",
            ),
        ],
        downloads=["journalanteckning"],
        en=English(
            title="Documentation and communication, advanced",
            intro=(
                "Writing investigations, decisions and letters that are legally sound and "
                "easy to understand, with the person's own view in the text."
            ),
            goals=[
                "write an analysis that clearly rests on the facts",
                "use plain language in decisions and letters",
                "document the person's own view and participation",
                "judge what should not be documented",
            ],
            text=[
                "Building on part 1, you now work with your own texts and with what many "
                "find hardest: writing the analysis so the reader can follow the reasoning."
            ],
            practise=(
                "Rewrite a recent text of yours with the plain-language advice from the "
                "course and compare the versions with your supervisor."
            ),
        ),
    ),
    "samtal-fordjupning": ModuleText(
        intro=(
            "Motiverande samtal i praktiken, samtal i svåra situationer och samtal med flera "
            "personer samtidigt."
        ),
        goals=[
            "använda de grundläggande teknikerna i motiverande samtal (MI)",
            "känna igen och förstärka förändringsprat",
            "hantera ilska, oro och tystnad i ett samtal",
            "leda ett nätverksmöte eller ett samtal med flera deltagare",
        ],
        preparation=(
            "Gör en kort övningsintervju med en kollega där du bara använder öppna frågor "
            "och reflektioner i tio minuter. Anteckna vad som var svårt."
        ),
        text=[
            "Motiverande samtal är en samtalsmetod som hjälper en person att hitta sina egna "
            "skäl till förändring. Metoden bygger på ett samarbetande förhållningssätt och på "
            "några grundläggande tekniker: öppna frågor, bekräftelse, reflektioner och "
            "sammanfattningar.",
            "Dagarna är praktiska. Ni övar i par och små grupper med rollspel, och en del av "
            "tiden ägnas åt samtal som är svåra på andra sätt: när någon är arg, rädd eller "
            "inte vill prata alls.",
        ],
        practise=(
            "Välj ett samtal den kommande veckan där du medvetet använder reflektioner och "
            "sammanfattningar. Berätta för din handledare vad som hände och vad du vill "
            "pröva nästa gång."
        ),
        faq=[
            (
                "Passar MI i myndighetsutövning?",
                "Ja, om du är tydlig. Du kan arbeta med MI:s förhållningssätt och samtidigt "
                "vara öppen med att du också ska göra en bedömning och fatta beslut.",
            ),
        ],
        downloads=["reflektion-handledning"],
        en=English(
            title="Conduct, conversation and relationships, advanced",
            intro=(
                "Motivational interviewing in practice, conversations in difficult "
                "situations, and meetings with several people at once."
            ),
            goals=[
                "use the basic skills of motivational interviewing (MI)",
                "recognise and strengthen change talk",
                "handle anger, worry and silence in a conversation",
                "lead a network meeting or a conversation with several participants",
            ],
            text=[
                "Motivational interviewing helps a person find their own reasons for change, "
                "with open questions, affirmations, reflections and summaries. The days are "
                "practical, with role play in pairs and small groups."
            ],
            practise=(
                "Pick a conversation next week where you deliberately use reflections and "
                "summaries, then tell your supervisor what happened."
            ),
        ),
    ),
    "samverkan": ModuleText(
        intro=(
            "Hur du samarbetar med skola, hälso- och sjukvård, polis och andra myndigheter, "
            "och vad sekretessen betyder för samarbetet."
        ),
        goals=[
            "beskriva de vanligaste samverkansparterna i ditt område",
            "ta initiativ till en samordnad individuell plan (SIP)",
            "fråga om samtycke på ett sätt som den enskilde förstår",
            "veta när uppgifter får lämnas ut utan samtycke",
        ],
        preparation=(
            "Skriv ner vilka andra verksamheter du har haft kontakt med i dina ärenden hittills."
        ),
        text=[
            "Många av dem du möter har kontakt med flera verksamheter samtidigt. God "
            "samverkan gör att stödet hänger ihop och att personen slipper berätta samma sak "
            "för många. Samtidigt gäller sekretessen mellan myndigheter, och ofta även mellan "
            "verksamheter i kommunen, så samverkan bygger oftast på den enskildes samtycke.",
            "När någon behöver insatser från både socialtjänsten och hälso- och sjukvården "
            "ska en samordnad individuell plan, SIP, göras om personen samtycker.",
        ],
        practise=(
            "Ta tillsammans med din handledare reda på vilka överenskommelser om samverkan "
            "som finns för ditt område, och vem som är kontaktperson hos de vanligaste "
            "parterna."
        ),
        en=English(
            title="Cooperation with other actors",
            intro=(
                "How to work with schools, health care, the police and other agencies, and "
                "what secrecy means for that work."
            ),
            goals=[
                "describe the most common partners in your area",
                "start a coordinated individual plan (SIP)",
                "ask for consent in a way the person understands",
                "know when information may be shared without consent",
            ],
            text=[
                "Good cooperation makes support hang together, but secrecy applies between "
                "agencies, so cooperation usually rests on the person's consent."
            ],
            practise=(
                "Find out with your supervisor which cooperation agreements exist for your "
                "area and who the contact people are."
            ),
        ),
    ),
    "hot-och-vald": ModuleText(
        intro=(
            "Hur du förebygger hot och våld, vad du gör när något händer och vilket stöd du "
            "får efteråt."
        ),
        goals=[
            "göra en riskbedömning inför ett möte",
            "följa enhetens säkerhetsrutiner, till exempel vid hembesök",
            "agera i en hotfull situation",
            "rapportera en händelse och veta vilket stöd du kan få",
        ],
        preparation=(
            "Läs enhetens säkerhetsrutin och ta reda på var larm och utrymningsvägar finns i "
            "era mötesrum."
        ),
        text=[
            "Hot och våld förekommer i socialtjänsten. Det är arbetsgivarens ansvar att "
            "förebygga det genom riskbedömningar, rutiner och utbildning. Ditt ansvar är att "
            "känna till och följa rutinerna, och att säga till när något känns fel.",
            "Halvdagen går igenom enhetens säkerhetsrutiner, hur du kan lugna en situation "
            "som trappas upp, och vad som händer efteråt: rapportering, polisanmälan och "
            "stöd från chefen och företagshälsovården.",
        ],
        callout=(
            "Om något har hänt",
            "Berätta för din chef samma dag. Alla händelser ska rapporteras, också de som "
            "känns små. Du ska inte behöva hantera det ensam.",
        ),
        practise=(
            "Gå igenom rutinen för hembesök med din handledare och planera nästa hembesök "
            "tillsammans: vem följer med, vem vet var ni är och när ni ska vara tillbaka?"
        ),
        faq=[
            (
                "Måste jag göra hembesök ensam?",
                "Nej. Finns det minsta osäkerhet ska ni vara två. Riskbedömningen görs före "
                "besöket, och du kan alltid be din chef om en ny bedömning.",
            ),
        ],
        downloads=["hot-och-vald"],
        contact="arbetsmiljo",
        en=English(
            title="Threats and violence: safety routines",
            intro=(
                "How to prevent threats and violence, what to do when something happens and "
                "the support you get afterwards."
            ),
            goals=[
                "assess the risks before a meeting",
                "follow your unit's safety routines, for example for home visits",
                "act in a threatening situation",
                "report an incident and know what support you can get",
            ],
            text=[
                "Preventing threats and violence is the employer's responsibility, through "
                "risk assessments, routines and training. Yours is to know and follow the "
                "routines and to speak up when something feels wrong."
            ],
            practise=(
                "Go through the routine for home visits with your supervisor and plan your "
                "next visit together."
            ),
        ),
    ),
    "sekretess": ModuleText(
        intro=(
            "Vad allmänna handlingar är, varför sekretessen är stark i socialtjänsten och hur "
            "du prövar om en uppgift får lämnas ut."
        ),
        goals=[
            "förklara offentlighetsprincipen och vad en allmän handling är",
            "beskriva sekretessen inom socialtjänsten och det omvända skaderekvisitet",
            "göra en sekretessprövning när någon begär att få ta del av en handling",
            "känna till när uppgifter får lämnas ut, till exempel med samtycke eller genom "
            "anmälningsskyldighet",
        ],
        preparation=(
            "Ta reda på vem på din enhet som fattar beslut när någon nekas att ta del av en "
            "handling."
        ),
        text=[
            "Offentlighetsprincipen ger alla rätt att ta del av allmänna handlingar. Inom "
            "socialtjänsten är sekretessen ändå stark: uppgifter om enskildas personliga "
            "förhållanden är sekretessbelagda om det inte står klart att de kan lämnas ut "
            "utan att den enskilde eller någon närstående lider men. Det kallas omvänt "
            "skaderekvisit.",
            "Sekretessen gäller också mot andra myndigheter och mot andra delar av kommunen. "
            "Uppgifter kan ändå lämnas ut med den enskildes samtycke, eller när en lag säger "
            "att de ska lämnas, till exempel när du anmäler oro för ett barn.",
        ],
        practise=(
            "Gå igenom med din handledare hur enheten handlägger en begäran om att få ta del "
            "av en akt, från det att begäran kommer in till beslutet."
        ),
        faq=[
            (
                "Vad gör jag om någon ringer och frågar om en person?",
                "Du får inte bekräfta att personen har kontakt med socialtjänsten utan att "
                "först ha prövat sekretessen. Be om namn och nummer och ring tillbaka när du "
                "har stämt av med din handledare eller chef.",
            ),
        ],
        en=English(
            title="Public access and secrecy",
            intro=(
                "What official documents are, why secrecy is strong in social services, and "
                "how to decide whether information may be disclosed."
            ),
            goals=[
                "explain the principle of public access and what an official document is",
                "describe secrecy in social services and its presumption of harm",
                "assess secrecy when someone asks to see a document",
                "know when information may be shared, for example with consent",
            ],
            text=[
                "In social services, information about a person's private circumstances is "
                "secret unless it is clear that it can be disclosed without harm to the "
                "person or someone close to them."
            ],
            practise=(
                "Go through with your supervisor how your unit handles a request to read a "
                "case file."
            ),
        ),
    ),
}


def title_en(module) -> str:
    text = MODULES.get(module.slug)
    return text.en.title if text else module.title


def body(module, text: ModuleText | None, media, documents) -> list[dict]:
    """The Swedish module page: goals, preparation, the text, practice, questions."""
    if text is None:
        return _plain_body(module)
    blocks = [
        b.goals("Efter modulen kan du", *text.goals),
        b.preparation("Förbered dig", b.html(text.preparation)),
    ]
    if text.figure:
        blocks.append(b.figure(media[text.figure], alt_text(text.figure, "sv")))
    blocks += [b.h("Om modulen"), b.p(*text.text)]
    if text.callout:
        blocks.append(b.callout(text.callout[0], b.html(text.callout[1])))
    practise = module.practise_text or text.practise
    if practise:
        blocks.append(b.practise("Öva efteråt med din handledare", b.html(practise)))
    if text.faq:
        blocks.append(b.faq("Vanliga frågor", *text.faq))
    if text.downloads:
        blocks.append(
            b.downloads(
                "Material att ladda ner",
                *((documents[key], documents[key].title) for key in text.downloads),
            )
        )
    return blocks


def body_en(module, text: ModuleText | None, media) -> list[dict]:
    if text is None:
        return _plain_body(module)
    en = text.en
    blocks = [b.goals("After the module you can", *en.goals)]
    if en.preparation:
        blocks.append(b.preparation("Prepare", b.html(en.preparation)))
    if text.figure:
        blocks.append(b.figure(media[text.figure], alt_text(text.figure, "en")))
    blocks += [b.h("About the module"), b.p(*en.text)]
    blocks.append(b.practise("Practise afterwards with your supervisor", b.html(en.practise)))
    return blocks


def _plain_body(module) -> list[dict]:
    blocks = [b.p(module.description)] if module.description else []
    if module.practise_text:
        blocks.append(b.practise("Öva efteråt med din handledare", b.html(module.practise_text)))
    return blocks
