"""The demo knowledge bank: articles a newcomer reads between course days, and the
glossary.

Articles are written to differ in length (a minute's read to six), so the reading time
on the list means something; each has topics and, where it belongs to one area of work,
that area, so the filters on the list show something. Three are also in English.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import demo_blocks as b
from .demo_media import alt_text


@dataclass(frozen=True)
class Article:
    slug: str
    title: str
    intro: str
    tags: list[str]
    body: list[dict]
    area: str = ""  # an organisation.Area code; empty for every area
    en: dict | None = None  # title, intro, tags, body


def articles(media, documents) -> list[Article]:
    return [
        Article(
            slug="att-dokumentera",
            title="Att dokumentera i socialtjänsten",
            intro=(
                "Vad som ska stå i akten, hur du skriver så att den enskilde förstår, och "
                "varför dokumentationen skyddar både personen och dig."
            ),
            tags=["dokumentation", "rättssäkerhet"],
            body=[
                b.p(
                    "Allt som händer i ett ärende och som har betydelse för det ska "
                    "dokumenteras. Det gäller beslut och åtgärder, men också sådant som har "
                    "kommit fram i samtal och kontakter och som påverkar hur ärendet "
                    "handläggs. Dokumentationen visar vad socialtjänsten har gjort och "
                    "varför, och den gör det möjligt för den enskilde att förstå och "
                    "ifrågasätta det som har hänt.",
                    "Det du skriver kan komma att läsas av många: av personen själv, av en "
                    "kollega som tar över när du är ledig, av din chef, av en tillsynsmyndighet "
                    "och ibland av en domstol. Det är också ett underlag för framtida beslut. "
                    "En anteckning som är otydlig i dag kan få konsekvenser om flera år.",
                ),
                b.figure(media["hyllor"], alt_text("hyllor")),
                b.h("Vad ska dokumenteras?"),
                b.ul(
                    "beslut och skälen för dem",
                    "åtgärder som vidtas i ärendet, till exempel kontakter med andra",
                    "faktiska omständigheter och händelser som har betydelse för ärendet",
                    "den enskildes egen uppfattning och önskemål",
                    "hur barns bästa har beaktats när barn berörs",
                    intro="Det som har betydelse för ärendet ska finnas i akten, bland annat:",
                ),
                b.p(
                    "Lika viktigt är det som inte ska dokumenteras. Uppgifter som saknar "
                    "betydelse för ärendet hör inte hemma i akten, även om de är intressanta "
                    "eller kom fram i ett förtroendefullt samtal. Fråga dig alltid: behövs "
                    "det här för att handlägga ärendet?"
                ),
                b.h("Fakta, iakttagelser och bedömningar"),
                b.p(
                    "Den vanligaste svårigheten för nya socialsekreterare är att hålla isär "
                    "vad som är fakta, vad någon har berättat och vad du själv bedömer. Skriv "
                    "ut källan: ”Mamman berättar att …”, ”Skolan uppger att …”, ”Vid "
                    "hembesöket ser jag att …”. När du gör en bedömning ska det framgå att "
                    "det är en bedömning och vad den bygger på.",
                    "Undvik värdeladdade ord och uttryck som kan uppfattas som nedlåtande. "
                    "Skriv ”han kom inte till mötet” i stället för ”han struntade i mötet”. "
                    "Skriv konkret om vad som hände, inte om hur du tolkar personens "
                    "karaktär.",
                ),
                b.callout(
                    "Den enskildes rätt",
                    b.html(
                        "Den som ärendet gäller ska få veta vad som dokumenteras och har som "
                        "huvudregel rätt att läsa sin akt. Om personen anser att en uppgift "
                        "är fel ska det antecknas. Skriv därför som om personen läser med, "
                        "för det kan hen göra."
                    ),
                ),
                b.h("När och hur?"),
                b.p(
                    "Dokumentera löpande och utan onödigt dröjsmål, helst samma dag. Ju "
                    "längre tid som går, desto mer av detaljerna försvinner, och det är "
                    "ofta detaljerna som spelar roll. Boka gärna in tid efter varje möte för "
                    "att skriva; det är en del av arbetet, inte något du gör när det blir "
                    "tid över.",
                    "Journalanteckningar ska vara korta och ha en rubrik som säger vad de "
                    "handlar om. Utredningar och beslut följer enhetens mallar. Använd inte "
                    "förkortningar som bara finns på din enhet, och förklara fackord när de "
                    "behövs.",
                    "Tänk också på att åtkomsten till journalsystemet loggas. Öppna bara akter "
                    "som du behöver i ditt arbete.",
                ),
                b.h("När du är osäker"),
                b.p(
                    "Det är vanligt att vara osäker på vad som ska stå i akten. Ta med en "
                    "anteckning till handledningen och läs den tillsammans med din handledare. "
                    "Läs också hur erfarna kollegor skriver i liknande ärenden; det är ett bra "
                    "sätt att lära sig hur enheten brukar göra. Och kom ihåg att det som inte "
                    "är dokumenterat är svårt att visa att det har hänt."
                ),
                b.downloads(
                    "Material att ladda ner",
                    (documents["journalanteckning"], documents["journalanteckning"].title),
                ),
            ],
            en={
                "title": "Documenting in social services",
                "intro": (
                    "What goes in the case file, how to write so that the person "
                    "understands, and why documentation protects both the person and you."
                ),
                "tags": ["documentation", "legal certainty"],
                "body": [
                    b.p(
                        "Everything that happens in a case and matters to it is documented: "
                        "decisions and actions, and what came up in meetings and contacts "
                        "that affects how the case is handled. The file shows what social "
                        "services did and why, so the person can understand and question it.",
                        "What you write may be read by the person, a colleague covering for "
                        "you, your manager, a supervisory authority and sometimes a court.",
                    ),
                    b.figure(media["hyllor"], alt_text("hyllor", "en")),
                    b.h("Facts, observations and assessments"),
                    b.p(
                        "Name the source: “The mother says…”, “The school reports…”, “During "
                        "the home visit I see…”. When you make an assessment, say that it is "
                        "one and what it rests on. Avoid loaded words; write what happened, "
                        "not how you read someone's character.",
                        "Document as you go, preferably the same day, and write as if the "
                        "person were reading along, because they may.",
                    ),
                ],
            },
        ),
        Article(
            slug="politiskt-styrd-organisation",
            title="Så fungerar en politiskt styrd organisation",
            intro=(
                "Från kommunfullmäktige till ditt skrivbord: vem som bestämmer vad i "
                "kommunen, och vad det betyder för dig som tjänsteperson."
            ),
            tags=["organisation", "politik"],
            body=[
                b.p(
                    "I en kommun är det de förtroendevalda politikerna som bestämmer. "
                    "Invånarna väljer kommunfullmäktige vart fjärde år, och fullmäktige är "
                    "kommunens högsta beslutande organ. Där beslutas om mål, budget, "
                    "skattesats och vilka nämnder som ska finnas.",
                    "Fullmäktige utser ledamöterna i nämnderna. Socialnämnden, eller den "
                    "nämnd som i din kommun har ansvaret för socialtjänsten, har ett "
                    "reglemente från fullmäktige som beskriver vad den ansvarar för. Nämnden "
                    "beslutar om riktlinjer, hur verksamheten ska organiseras inom budgeten "
                    "och om vissa ärenden som rör enskilda.",
                ),
                b.figure(media["staden"], alt_text("staden")),
                b.h("Förvaltningen och tjänstepersonerna"),
                b.p(
                    "Förvaltningen är den organisation av anställda som arbetar på nämndens "
                    "uppdrag. Den leds av en förvaltningschef, och under hen finns "
                    "avdelningar, enheter och arbetsgrupper. Du är en av förvaltningens "
                    "tjänstepersoner. Förvaltningen bereder ärenden till nämnden, till "
                    "exempel genom att skriva tjänsteskrivelser med förslag till beslut, och "
                    "den verkställer det som nämnden har beslutat.",
                    "Uppdelningen är viktig: politikerna bestämmer vad som ska göras och med "
                    "vilka resurser, tjänstepersonerna ser till att det blir gjort och "
                    "bidrar med sin kunskap. I enskilda ärenden arbetar du opartiskt och "
                    "sakligt, oavsett vad du själv tycker politiskt. Som privatperson har du "
                    "samma rätt som alla andra att engagera dig politiskt, men i tjänsten "
                    "representerar du kommunen.",
                ),
                b.h("Delegation: nämndens beslut i dina händer"),
                b.p(
                    "En nämnd kan inte själv fatta alla de tusentals beslut som socialtjänsten "
                    "behöver fatta varje år. Därför delegerar nämnden beslutanderätt till "
                    "utskott och anställda. Delegationsordningen visar vem som får fatta "
                    "vilket beslut. När du fattar ett beslut på delegation fattar du det på "
                    "nämndens vägnar, och besluten återrapporteras till nämnden.",
                    "Vissa beslut kan inte delegeras till anställda. Det gäller bland annat "
                    "ärenden av principiell betydelse och vissa beslut om tvångsvård, som "
                    "fattas av nämnden eller ett utskott.",
                ),
                b.h("Hur politiken syns i vardagen"),
                b.ul(
                    "Riktlinjerna för till exempel ekonomiskt bistånd eller hemtjänst beslutas "
                    "av nämnden.",
                    "Budgeten avgör hur många medarbetare enheten har och vilka insatser som "
                    "finns att tillgå.",
                    "Mål och uppdrag följs upp i verksamhetsplaner och rapporter till "
                    "nämnden, ofta två gånger om året.",
                    "Nämndens ledamöter kan besöka verksamheten och vill höra hur arbetet "
                    "fungerar.",
                    "Ibland kommer frågor från politiker eller media om verksamheten. Hänvisa "
                    "dem till din chef om du är osäker.",
                ),
                b.p(
                    "Riktlinjer är ett stöd för att bedömningar ska bli likvärdiga, men de "
                    "får inte ersätta den individuella prövning som lagen kräver. Om du "
                    "upplever att en riktlinje leder fel i ett ärende ska du ta upp det med "
                    "din chef. Det är en del av tjänstepersonens uppdrag att ge nämnden ett "
                    "bra underlag, också när underlaget visar att något behöver ändras.",
                    "Som ny kan det vara lärorikt att läsa nämndens protokoll eller, om det går, "
                    "följa ett sammanträde. Då ser du hur ärenden som din enhet har berett "
                    "behandlas och vilka frågor politikerna ställer.",
                ),
                b.h("Offentlighet och insyn"),
                b.p(
                    "Kommunen är en offentlig organisation. Handlingar som kommer in till "
                    "förvaltningen eller upprättas där är som huvudregel allmänna, och "
                    "invånare och medier har rätt att ta del av dem om de inte omfattas av "
                    "sekretess. Det gäller också e-post. Skriv därför i tjänsten som om texten "
                    "kan komma att läsas av andra, och använd kommunens system och e-post för "
                    "arbetet."
                ),
            ],
            en={
                "title": "How a politically governed organisation works",
                "intro": (
                    "From the municipal council to your desk: who decides what in the "
                    "municipality, and what it means for you as an official."
                ),
                "tags": ["organisation", "politics"],
                "body": [
                    b.p(
                        "Residents elect the municipal council every four years; it sets "
                        "goals, the budget and which committees exist. The social services "
                        "committee decides guidelines and how the service is organised "
                        "within the budget, and some individual cases.",
                        "The administration, led by a director, prepares cases for the "
                        "committee and carries out its decisions. In individual cases you "
                        "work objectively and impartially, whatever your own politics.",
                    ),
                    b.figure(media["staden"], alt_text("staden", "en")),
                    b.h("Delegation"),
                    b.p(
                        "The committee delegates many decisions to staff. A decision you "
                        "take under delegation is taken on the committee's behalf and is "
                        "reported back to it. Some decisions, such as matters of principle, "
                        "stay with the committee or one of its sub-committees."
                    ),
                ],
            },
        ),
        Article(
            slug="handlaggningsprocessen",
            title="Handläggningsprocessen steg för steg",
            intro=(
                "Aktualisering, förhandsbedömning, utredning, beslut, insats och uppföljning: "
                "vad som händer i varje steg och vad du behöver tänka på."
            ),
            tags=["handläggning", "utredning", "beslut"],
            body=[
                b.p(
                    "Ett ärende i socialtjänsten följer en process som ser ungefär likadan ut "
                    "oavsett verksamhetsområde. Detaljerna skiljer sig åt mellan barn och "
                    "unga, ekonomiskt bistånd, missbruk, socialpsykiatri, "
                    "funktionsnedsättning och äldreomsorg, men stegen är desamma. Att känna "
                    "till dem hjälper dig att veta var i processen du befinner dig, vad som "
                    "krävs just nu och vad som kommer härnäst. Introduktionsprogrammets del 2 "
                    "är uppbyggd efter samma steg."
                ),
                b.figure(media["vagar"], alt_text("vagar")),
                b.h("1. Aktualisering"),
                b.p(
                    "Ett ärende aktualiseras när socialtjänsten får kännedom om att någon kan "
                    "behöva stöd eller skydd. Det kan ske på tre sätt: genom en ansökan från "
                    "personen själv, genom en anmälan från någon annan, till exempel skolan, "
                    "polisen eller en anhörig, eller på annat sätt, till exempel genom "
                    "uppgifter som kommer fram i ett annat ärende.",
                    "En ansökan kan göras muntligt eller skriftligt, och den som ansöker har "
                    "rätt att få ett beslut. Redan vid aktualiseringen ska du dokumentera "
                    "vad som har kommit in, när och från vem.",
                ),
                b.h("2. Förhandsbedömning"),
                b.p(
                    "När en anmälan kommer in gör du en förhandsbedömning: finns det skäl att "
                    "inleda en utredning? Om anmälan rör ett barn ska du först, och samma dag, "
                    "bedöma om barnet behöver omedelbart skydd. Sedan ska beslutet om att "
                    "inleda utredning eller inte som regel fattas inom 14 dagar.",
                    "I förhandsbedömningen får du bara ta de kontakter som behövs för att "
                    "bedöma om en utredning ska inledas, till exempel med den som anmälan "
                    "gäller, vårdnadshavare och anmälaren. Bedömningen och skälen för den "
                    "ska dokumenteras, också när du kommer fram till att ingen utredning ska "
                    "inledas.",
                    "En ansökan leder alltid till en utredning av det som ansökan gäller, så "
                    "där behövs ingen förhandsbedömning.",
                ),
                b.h("3. Utredning"),
                b.p(
                    "Utredningen ska ge underlag för ett beslut. Den ska inledas utan "
                    "dröjsmål och bedrivas så att ingen i onödan skadas. Börja med en "
                    "utredningsplan: vad är frågan, vilka uppgifter behövs, från vilka "
                    "källor och när ska utredningen vara klar? Gör planen tillsammans med "
                    "den enskilde så långt det går.",
                    "Hämta bara in uppgifter som behövs. Kontakter med andra, till exempel "
                    "skola, vård eller arbetsgivare, tas som huvudregel med personens "
                    "samtycke. När det gäller barn finns särskilda regler som gör det möjligt "
                    "att ta kontakter även utan samtycke.",
                    "Utredningen avslutas med en analys och en bedömning. Där knyter du ihop "
                    "underlaget med frågan: vad behöver personen, och vad talar för och emot "
                    "olika lösningar? Här används ofta en strukturerad modell, som BBIC för "
                    "barn och unga eller IBIC för vuxna.",
                ),
                b.callout(
                    "Kommunicering",
                    b.html(
                        "Innan ett beslut fattas ska den enskilde som huvudregel få ta del av "
                        "det underlag som har kommit in från andra och få tillfälle att "
                        "lämna synpunkter. Det kallas kommunicering och är en viktig del av "
                        "rättssäkerheten. Planera in tid för det."
                    ),
                ),
                b.h("4. Beslut"),
                b.p(
                    "Beslutet fattas av den som har rätt till det enligt delegationsordningen: "
                    "du själv, din chef, ett utskott eller nämnden. Ett beslut ska säga vad "
                    "som har beslutats och varför, så att personen förstår skälen. Om "
                    "beslutet går personen emot ska det också framgå hur man överklagar.",
                    "Besluten ska skrivas på ett sätt som den enskilde kan förstå. Använd "
                    "vardagliga ord, korta meningar och tala direkt till personen. Ett "
                    "överklagande ska ha kommit in inom tre veckor från det att personen "
                    "fick del av beslutet.",
                ),
                b.h("5. Insats"),
                b.p(
                    "När ett beslut om en insats har fattats ska den verkställas, det vill "
                    "säga komma igång. Ofta är det någon annan än du som utför insatsen: "
                    "hemtjänsten, ett behandlingsteam, ett familjehem eller en extern "
                    "utförare. Då skriver du en beställning eller ett uppdrag.",
                    "Planen för insatsen görs tillsammans med den enskilde. Den ska säga vad "
                    "som ska uppnås, hur, av vem och när det ska följas upp. Mål som går att "
                    "följa upp är konkreta: ”Ali går till skolan minst fyra dagar i veckan” "
                    "säger mer än ”Ali ska må bättre i skolan”.",
                    "Om en insats inte kan verkställas inom rimlig tid ska du säga till din "
                    "chef. Beslut som inte verkställs inom en viss tid ska rapporteras, och "
                    "den enskilde ska få veta vad som händer.",
                ),
                b.h("6. Uppföljning"),
                b.p(
                    "Uppföljningen visar om insatsen gör det den var tänkt att göra. Planera "
                    "den redan när du beställer insatsen, och gör den tillsammans med den "
                    "enskilde och utföraren. Frågan är enkel men viktig: har målen nåtts, "
                    "och om inte, varför?",
                    "Uppföljningen kan leda till att insatsen fortsätter, ändras eller "
                    "avslutas, eller till en ny utredning. Den kan också ge verksamheten "
                    "kunskap om vilka insatser som fungerar, när uppföljningar sammanställs "
                    "utan att enskilda personer går att känna igen.",
                ),
                b.h("Att avsluta ett ärende"),
                b.p(
                    "Ett ärende avslutas när insatsen har upphört och det inte finns något "
                    "mer att utreda eller besluta. Skriv en avslutande anteckning som "
                    "sammanfattar vad som har gjorts och varför ärendet avslutas, och berätta "
                    "det för den enskilde. Akten kan komma att läsas långt senare, till "
                    "exempel om personen söker igen eller vill förstå vad som hände när hen "
                    "var barn."
                ),
                b.h("Fallgropar som många känner igen"),
                b.ul(
                    "Att samla in mer än frågan kräver, för säkerhets skull.",
                    "Att skjuta upp dokumentationen till slutet av veckan.",
                    "Att glömma kommuniceringen när tiden börjar ta slut.",
                    "Att skriva bedömningen innan underlaget är klart.",
                    "Att fråga först efteråt. Fråga hellre före; ingen förväntar sig att du "
                    "kan allt under ditt första år.",
                ),
                b.h("Genom hela processen"),
                b.ul(
                    "Dokumentera löpande det som har betydelse för ärendet.",
                    "Låt den enskilde vara delaktig och informerad i varje steg.",
                    "Pröva barnets bästa när barn berörs, också i vuxenärenden.",
                    "Tänk på sekretessen i varje kontakt med andra.",
                    "Ta hjälp av din handledare när du är osäker; det är så du lär dig.",
                ),
            ],
        ),
        Article(
            slug="lagarna-i-vardagen",
            title="Lagarna du möter i vardagen",
            intro=(
                "En karta över de lagar som styr socialtjänstens arbete, och hur de hänger "
                "ihop med nämndens riktlinjer."
            ),
            tags=["lagstiftning"],
            body=[
                b.p(
                    "Som socialsekreterare eller biståndshandläggare utövar du myndighet. Det "
                    "betyder att du fattar beslut som påverkar människors liv, och att varje "
                    "beslut måste ha stöd i lag. Här är de lagar du oftast kommer i kontakt "
                    "med."
                ),
                b.h("Socialtjänstlagen"),
                b.p(
                    "Socialtjänstlagen (SoL) är grunden för nästan allt socialtjänsten gör. "
                    "Den är en ramlag: den anger mål och ramar men lämnar mycket åt "
                    "bedömningen i det enskilda fallet. Den reglerar bland annat rätten till "
                    "bistånd, socialtjänstens ansvar för olika grupper och krav på "
                    "handläggning och dokumentation. Insatser enligt socialtjänstlagen bygger "
                    "på frivillighet."
                ),
                b.h("Tvångslagarna"),
                b.p(
                    "Lagen med särskilda bestämmelser om vård av unga (LVU) och lagen om "
                    "vård av missbrukare i vissa fall (LVM) gör det möjligt att ge vård utan "
                    "samtycke när frivilliga insatser inte räcker och lagens villkor är "
                    "uppfyllda. Socialnämnden ansöker hos förvaltningsrätten, som beslutar "
                    "om vården. I akuta lägen kan nämnden besluta om ett omedelbart "
                    "omhändertagande, som sedan prövas av domstolen."
                ),
                b.h("LSS"),
                b.p(
                    "Lagen om stöd och service till vissa funktionshindrade (LSS) ger personer "
                    "som tillhör lagens personkrets rätt till vissa insatser. Målet är goda "
                    "levnadsvillkor, vilket är en högre nivå än i socialtjänstlagen."
                ),
                b.h("Förvaltningslagen och offentlighets- och sekretesslagen"),
                b.p(
                    "Förvaltningslagen gäller all handläggning hos myndigheter. Den ställer "
                    "krav på service, tillgänglighet, ett begripligt språk, kommunicering, "
                    "motivering av beslut och information om hur man överklagar. "
                    "Offentlighets- och sekretesslagen reglerar när uppgifter får lämnas ut "
                    "och när de ska skyddas."
                ),
                b.h("Kommunallagen"),
                b.p(
                    "Kommunallagen beskriver hur kommunen är organiserad: fullmäktige, "
                    "nämnder, delegation och hur kommunens beslut kan prövas genom "
                    "laglighetsprövning. Den förklarar varför din nämnd ser ut som den gör "
                    "och varifrån din rätt att fatta beslut på nämndens vägnar kommer."
                ),
                b.h("Barnkonventionen"),
                b.p(
                    "Sedan 2020 gäller FN:s konvention om barnets rättigheter som svensk lag. "
                    "Barnets bästa ska beaktas i alla åtgärder som rör barn, och barn har "
                    "rätt att komma till tals i frågor som berör dem."
                ),
                b.callout(
                    "Var hittar jag mer?",
                    b.html(
                        "Socialstyrelsen ger ut föreskrifter, allmänna råd och handböcker för "
                        "socialtjänsten, och samlar kunskapsstöd på webbplatsen "
                        "Kunskapsguiden. Nämndens riktlinjer och delegationsordning hittar du "
                        "på intranätet. Din handledare vet var enhetens rutiner finns."
                    ),
                ),
            ],
        ),
        Article(
            slug="motiverande-samtal",
            title="Motiverande samtal i myndighetsutövning",
            intro=(
                "Vad motiverande samtal är, hur de grundläggande teknikerna fungerar och hur "
                "metoden går ihop med att du också fattar beslut."
            ),
            tags=["samtalsmetodik", "bemötande"],
            area="missbruk",
            body=[
                b.p(
                    "Motiverande samtal, eller motivational interviewing (MI), är en "
                    "samtalsmetod som utvecklades av William R. Miller och Stephen Rollnick, "
                    "först inom alkoholbehandling. I dag används den i många delar av "
                    "socialtjänsten och vården. Tanken är att hjälpa en person att utforska "
                    "och lösa upp sin ambivalens, och att hitta sina egna skäl till "
                    "förändring, i stället för att du argumenterar för den."
                ),
                b.figure(media["samtal"], alt_text("samtal")),
                b.h("De grundläggande teknikerna"),
                b.ul(
                    "**Öppna frågor** som bjuder in till att berätta: ”Hur ser en vanlig dag "
                    "ut för dig?”",
                    "**Bekräftelse** av personens styrkor och ansträngningar.",
                    "**Reflektioner** där du speglar vad du har hört, ibland med en tolkning: "
                    "”Du vill att det ska bli annorlunda, men du är rädd för vad det kostar.”",
                    "**Sammanfattningar** som samlar ihop och visar att du har lyssnat.",
                    intro="Teknikerna brukar sammanfattas med förkortningen ÖBRS:",
                ),
                b.p(
                    "Lyssna efter förändringsprat, det vill säga när personen själv talar om "
                    "skäl, önskningar eller förmåga att förändra något. Det är det du vill "
                    "förstärka, till exempel genom att be personen berätta mer."
                ),
                b.h("MI när du också ska fatta beslut"),
                b.p(
                    "Som handläggare har du en dubbel roll: du vill stärka personens egen "
                    "motivation, men du ska också utreda och bedöma. Det går ihop om du är "
                    "öppen med din roll. Berätta vad du behöver veta och varför, och vad som "
                    "händer med det personen berättar. MI handlar inte om att lura någon till "
                    "förändring, utan om att samarbeta.",
                    "I introduktionsprogrammet får du en grund i del 1 och fördjupning med "
                    "övningar i del 2.",
                ),
            ],
        ),
        Article(
            slug="hallbar-arbetsmiljo",
            title="En hållbar arbetsmiljö de första åren",
            intro=(
                "Hur arbetsgivaren ansvarar för din arbetsmiljö, vad du själv kan göra och "
                "vem du vänder dig till när det blir för mycket."
            ),
            tags=["arbetsmiljö"],
            body=[
                b.p(
                    "Arbetet i socialtjänsten är meningsfullt men kan vara tungt. Många nya "
                    "socialsekreterare lämnar yrket eller arbetsplatsen under de första åren, "
                    "och en av de viktigaste orsakerna är arbetsbelastningen. Därför är en "
                    "bra introduktion också en arbetsmiljöfråga.",
                    "Arbetsgivaren har ansvaret för arbetsmiljön och ska arbeta med den "
                    "systematiskt: undersöka, bedöma risker, åtgärda och följa upp. Det "
                    "gäller också den organisatoriska och sociala arbetsmiljön, som "
                    "arbetsbelastning, tydlighet i uppdraget och möjlighet till återhämtning.",
                ),
                b.h("Det här kan du göra"),
                b.ul(
                    "Säg till tidigt när arbetsbelastningen känns för hög. Din chef ska veta "
                    "det och hjälpa dig att prioritera.",
                    "Använd handledningen, också för det som känns svårt på ett personligt plan.",
                    "Ta dina raster och gå hem i tid. Återhämtning är en del av jobbet.",
                    "Prata med skyddsombudet om du ser risker i arbetsmiljön.",
                ),
                b.p(
                    "På många enheter har chef och medarbetare korta, regelbundna samtal om "
                    "vad som ger glädje i arbetet och vad som stärker var och en. De samtalen "
                    "är ett bra tillfälle att ta upp hur du har det."
                ),
            ],
        ),
        Article(
            slug="sekretess-och-samtycke",
            title="Sekretess och samtycke i vardagen",
            intro=(
                "Varför sekretessen är stark i socialtjänsten, hur du frågar om samtycke och "
                "vad du gör när någon vill veta något om en person."
            ),
            tags=["sekretess", "samverkan"],
            body=[
                b.p(
                    "Uppgifter om enskildas personliga förhållanden är sekretessbelagda inom "
                    "socialtjänsten om det inte står klart att de kan lämnas ut utan att "
                    "personen eller någon närstående lider men. Utgångspunkten är alltså att "
                    "uppgifterna är skyddade. Det kallas ett omvänt skaderekvisit.",
                    "Sekretessen gäller mot privatpersoner, också mot anhöriga, mot andra "
                    "myndigheter och mot andra nämnder i kommunen. Den gäller även efter att "
                    "du har slutat din anställning.",
                ),
                b.h("Samtycke"),
                b.p(
                    "Den enklaste vägen att lämna eller hämta uppgifter är personens "
                    "samtycke. Ett samtycke ska vara frivilligt och gälla något bestämt: vilka "
                    "uppgifter, till vem och i vilket syfte. Förklara vad det innebär och "
                    "dokumentera vad personen har samtyckt till. Personen kan när som helst "
                    "ta tillbaka sitt samtycke.",
                ),
                b.h("När uppgifter får lämnas utan samtycke"),
                b.p(
                    "I vissa fall säger lagen att uppgifter ska eller får lämnas även utan "
                    "samtycke, till exempel när du anmäler oro för ett barn eller när en "
                    "domstol begär uppgifter. Är du osäker ska du alltid fråga din handledare "
                    "eller chef innan du lämnar ut något."
                ),
                b.callout(
                    "När någon ringer och frågar",
                    b.html(
                        "Bekräfta inte ens att en person har kontakt med socialtjänsten. Be "
                        "om namn och nummer och säg att du återkommer. Pröva sedan frågan, "
                        "gärna tillsammans med en kollega."
                    ),
                ),
                b.p(
                    "Skriv aldrig om ärenden i sociala medier, inte ens utan namn. Det som "
                    "verkar anonymt för dig kan vara lätt att känna igen för någon annan."
                ),
            ],
        ),
        Article(
            slug="hot-och-vald",
            title="Hot och våld: förebygga, agera, följa upp",
            intro=(
                "Säkerhetsrutinerna i korthet: hur ni förebygger hot och våld, vad du gör när "
                "något händer och vilket stöd du får efteråt."
            ),
            tags=["hot och våld", "arbetsmiljö", "säkerhet"],
            body=[
                b.p(
                    "Hot och våld mot socialsekreterare förekommer, och det ska tas på allvar "
                    "varje gång. Arbetsgivaren ansvarar för att risker bedöms och att det "
                    "finns rutiner, utbildning och stöd. Du ansvarar för att känna till och "
                    "följa rutinerna på din enhet."
                ),
                b.h("Före mötet"),
                b.ul(
                    "Läs på ärendet och gör en riskbedömning. Finns det uppgifter om hot "
                    "eller våld tidigare?",
                    "Boka ett rum med larm och fri väg ut. Sätt dig närmast dörren.",
                    "Var två om det finns minsta osäkerhet, och alltid enligt rutinen vid "
                    "hembesök.",
                    "Berätta för en kollega var du är och när du räknar med att vara tillbaka.",
                ),
                b.h("Under mötet"),
                b.p(
                    "Om stämningen trappas upp: tala lugnt, håll avståndet, bekräfta "
                    "känslan utan att hålla med om hotet och avbryt mötet om det behövs. Din "
                    "säkerhet går alltid före att slutföra ett samtal."
                ),
                b.h("Efteråt"),
                b.p(
                    "Berätta för din chef samma dag och rapportera händelsen enligt enhetens "
                    "rutin, också om den känns liten. Hot mot en tjänsteperson är ett brott, "
                    "och arbetsgivaren tar ställning till polisanmälan. Allvarliga händelser "
                    "anmäls till Arbetsmiljöverket. Du ska erbjudas stöd, till exempel ett "
                    "samtal med chefen och vid behov företagshälsovården."
                ),
                b.downloads(
                    "Material att ladda ner",
                    (documents["hot-och-vald"], documents["hot-och-vald"].title),
                ),
            ],
            en={
                "title": "Threats and violence: prevent, act, follow up",
                "intro": (
                    "The safety routines in brief: how to prevent threats and violence, what "
                    "to do when something happens and the support you get afterwards."
                ),
                "tags": ["threats and violence", "working environment", "safety"],
                "body": [
                    b.p(
                        "Threats and violence against social workers happen, and must be "
                        "taken seriously every time. The employer is responsible for risk "
                        "assessments, routines, training and support; you are responsible "
                        "for knowing and following your unit's routines."
                    ),
                    b.h("Before the meeting"),
                    b.ul(
                        "Read the case and assess the risks.",
                        "Book a room with an alarm and a clear way out; sit nearest the door.",
                        "Be two if there is the slightest doubt, and always for home visits "
                        "as the routine says.",
                        "Tell a colleague where you are and when you expect to be back.",
                    ),
                    b.h("Afterwards"),
                    b.p(
                        "Tell your manager the same day and report the incident, even if it "
                        "feels small. A threat against an official is a crime; the employer "
                        "decides on a police report. You will be offered support."
                    ),
                ],
            },
        ),
        Article(
            slug="bbic",
            title="BBIC: en gemensam struktur för barnavården",
            intro=(
                "Barns behov i centrum är Socialstyrelsens system för att utreda, planera och "
                "följa upp i arbetet med barn och unga."
            ),
            tags=["barn och unga", "utredning", "dokumentation"],
            area="barn-och-unga",
            body=[
                b.p(
                    "BBIC, Barns behov i centrum, är ett system för handläggning och "
                    "dokumentation i den sociala barnavården. Socialstyrelsen äger systemet, "
                    "och kommunerna använder det med en licens. Med BBIC får utredningar, "
                    "planer och uppföljningar samma struktur, vilket gör dem lättare att "
                    "läsa och jämföra, och barnets behov hamnar i centrum."
                ),
                b.h("Triangeln"),
                b.p(
                    "Kärnan i BBIC är en triangel med tre sidor som tillsammans beskriver "
                    "barnets situation: barnets utveckling, föräldrarnas förmåga och familj "
                    "och miljö. Varje sida har ett antal områden, till exempel hälsa, "
                    "utbildning och relationer för barnet, grundläggande omsorg och "
                    "säkerhet för föräldrarna, och nätverk, boende och ekonomi för familjen.",
                    "Du behöver inte utreda alla områden i varje ärende. Utredningen ska "
                    "fokusera på det som har betydelse för frågan, men triangeln hjälper dig "
                    "att inte missa något viktigt.",
                ),
                b.h("Principerna"),
                b.ul(
                    "Barnets behov står i centrum, och barnet ska vara delaktigt.",
                    "Familjen och nätverket är en resurs som ska involveras.",
                    "Utredning, planering och uppföljning hänger ihop.",
                    "Arbetet ska bygga på bästa tillgängliga kunskap.",
                ),
                b.p(
                    "För vuxna finns en motsvarande modell, IBIC, Individens behov i centrum, "
                    "som används inom bland annat äldreomsorgen och stödet till personer med "
                    "funktionsnedsättning."
                ),
            ],
        ),
        Article(
            slug="delegation",
            title="Delegation: vem får fatta vilket beslut?",
            intro="Hur delegationsordningen fungerar och vad den betyder för dig.",
            tags=["delegation", "beslut"],
            body=[
                b.p(
                    "Socialnämnden får enligt kommunallagen delegera beslutanderätt till ett "
                    "utskott, en ledamot eller en anställd. Delegationsordningen är nämndens "
                    "beslut om vem som får fatta vilka beslut. Den anges oftast per "
                    "befattning, till exempel socialsekreterare, 1:e socialsekreterare eller "
                    "enhetschef.",
                    "Ett beslut som du fattar på delegation är nämndens beslut. Det ska "
                    "återrapporteras till nämnden enligt nämndens rutin. Om du fattar ett "
                    "beslut som du inte har delegation för är beslutet felaktigt fattat och "
                    "kan behöva göras om.",
                ),
                b.callout(
                    "Tips",
                    b.bullets(
                        "Ha delegationsordningen för ditt område nära till hands.",
                        "Är du osäker: fråga innan du beslutar, inte efteråt.",
                        "Är du jävig får du inte fatta beslutet, även om du har delegation.",
                    ),
                ),
            ],
        ),
        Article(
            slug="sip",
            title="Samordnad individuell plan (SIP)",
            intro=(
                "När en person behöver stöd från både socialtjänsten och hälso- och "
                "sjukvården ska insatserna samordnas i en gemensam plan."
            ),
            tags=["samverkan"],
            area="socialpsykiatri",
            body=[
                b.p(
                    "Kommunen och regionen ska tillsammans göra en samordnad individuell "
                    "plan, SIP, när en person har behov av insatser från både socialtjänsten "
                    "och hälso- och sjukvården och planen behövs för att behoven ska "
                    "tillgodoses. Personen ska samtycka, och planen görs tillsammans med "
                    "hen och, om hen vill, med närstående.",
                    "Planen ska visa vilka insatser som behövs, vem som ansvarar för vad och "
                    "vem som har det övergripande ansvaret. Det gör att personen slipper "
                    "vara den som håller ihop kontakterna.",
                ),
                b.ul(
                    "Vem som helst av parterna kan ta initiativ till en SIP.",
                    "Kalla till ett möte där personen själv är med.",
                    "Skriv ner vem som gör vad och när planen ska följas upp.",
                    intro="Så kommer du igång:",
                ),
            ],
        ),
        Article(
            slug="handledning-och-egenvard",
            title="Handledning och egenvård: att orka länge",
            intro=(
                "Om de olika formerna av handledning, och om att ta hand om sig själv i ett "
                "arbete som berör."
            ),
            tags=["handledning", "arbetsmiljö"],
            body=[
                b.p(
                    "Handledning är en självklar del av arbetet i socialtjänsten. Under "
                    "ditt första år träffar du din handledare, ofta en 1:e socialsekreterare, "
                    "minst en gång i veckan. Handledaren hjälper dig i ärendena och i hur du "
                    "tillämpar metoder och regler, men har inget chefsansvar."
                ),
                b.figure(media["bagar"], alt_text("bagar")),
                b.ul(
                    "**Ärendehandledning**, enskilt eller i grupp, där ni går igenom konkreta "
                    "ärenden.",
                    "**Extern handledning**, ofta i grupp med en handledare utifrån, som ger "
                    "utrymme att prata om hur arbetet påverkar er.",
                    "**Medhandläggning**, där två socialsekreterare delar ett ärende. Det är "
                    "vanligt inom barn och unga och ett bra sätt att lära sig.",
                    intro="Handledning finns i flera former:",
                ),
                b.p(
                    "Att orka länge handlar också om egenvård. Lägg märke till tecken på "
                    "stress, som sömnproblem eller att du tänker på ärenden hela tiden. Prata "
                    "med din chef eller handledare i tid. Företagshälsovården finns också "
                    "som stöd."
                ),
            ],
        ),
        Article(
            slug="forsta-besoket-ekonomiskt-bistand",
            title="Det första besöket om ekonomiskt bistånd",
            intro=(
                "Hur du tar emot någon som söker ekonomiskt bistånd för första gången, och "
                "vad besöket behöver ge."
            ),
            tags=["handläggning", "samtalsmetodik"],
            area="ekonomiskt-bistand",
            body=[
                b.p(
                    "För många är det svårt att söka ekonomiskt bistånd. Ett respektfullt "
                    "första möte gör det lättare att samarbeta sedan. Börja med att förklara "
                    "hur det går till: vad du behöver veta, varför, och när personen kan "
                    "räkna med ett beslut.",
                    "Ekonomiskt bistånd är samhällets sista skyddsnät. Den som söker ska "
                    "först ha försökt klara sin försörjning på andra sätt, till exempel "
                    "genom arbete, andra ersättningar eller egna tillgångar. Det du utreder "
                    "är personens hela situation, inte bara ekonomin.",
                ),
                b.ul(
                    "Fråga om det finns barn i hushållet, och tänk på barnens situation.",
                    "Förklara vilka underlag som behövs och ge dem skriftligt.",
                    "Ta reda på om det finns ett akut behov som måste lösas i dag.",
                    "Berätta hur personen når dig och vad som händer härnäst.",
                    intro="Glöm inte:",
                ),
            ],
        ),
        Article(
            slug="bistandshandlaggning-aldre",
            title="Biståndshandläggning för äldre: behovet först",
            intro=(
                "Om att utreda äldre personers behov av stöd, med den enskildes önskemål och "
                "vardag som utgångspunkt."
            ),
            tags=["handläggning"],
            area="aldre",
            body=[
                b.p(
                    "Som biståndshandläggare inom äldreomsorgen utreder du ansökningar om till "
                    "exempel hemtjänst, trygghetslarm, korttidsvistelse eller särskilt "
                    "boende. Utgångspunkten är att den äldre ska kunna leva ett värdigt liv "
                    "och känna välbefinnande, och så långt som möjligt bestämma över sin "
                    "egen vardag.",
                    "Utgå från personens egen beskrivning av sina behov och önskemål. Träffa "
                    "personen, helst i hemmet, och ta med närstående om personen vill det. "
                    "Många kommuner använder IBIC, Individens behov i centrum, för att "
                    "beskriva behoven på ett strukturerat sätt.",
                    "Tänk på att behoven ofta förändras. En tydlig plan för uppföljning gör "
                    "att insatserna kan anpassas i tid.",
                ),
            ],
        ),
        Article(
            slug="lss-handlaggning",
            title="LSS-handläggning: rätten till goda levnadsvillkor",
            intro=(
                "Vad som skiljer LSS från socialtjänstlagen, och vad det betyder i handläggningen."
            ),
            tags=["lagstiftning", "handläggning"],
            area="funktionsnedsattning",
            body=[
                b.p(
                    "LSS ger personer som tillhör lagens personkrets rätt till vissa insatser, "
                    "till exempel ledsagarservice, kontaktperson, korttidsvistelse, daglig "
                    "verksamhet och bostad med särskild service. Målet är goda "
                    "levnadsvillkor och att personen ska kunna leva som andra.",
                    "Du prövar först om personen tillhör personkretsen och sedan vilka "
                    "insatser som behövs. Personen kan också begära en individuell plan "
                    "som samlar insatserna.",
                ),
            ],
        ),
        Article(
            slug="begripliga-beslut",
            title="Skriv beslut som går att förstå",
            intro="Fem råd för beslut som den enskilde kan läsa och förstå.",
            tags=["dokumentation", "beslut"],
            body=[
                b.p(
                    "Språket i offentlig verksamhet ska vara vårdat, enkelt och begripligt. "
                    "Ett beslut som personen inte förstår är svårt att följa och svårt att "
                    "överklaga."
                ),
                b.ul(
                    "Börja med beslutet: vad har du beslutat?",
                    "Skriv ”du” och ”vi” i stället för ”den sökande” och ”nämnden”.",
                    "Förklara skälen med personens egen situation, inte bara med lagrum.",
                    "Använd korta meningar och vardagliga ord.",
                    "Avsluta med hur man överklagar och vem man kan fråga.",
                    ordered=True,
                ),
            ],
        ),
    ]


# -- the glossary ---------------------------------------------------------------------------

#: (Swedish term, definition, English term, English definition)
GLOSSARY = [
    (
        "Aktualisering",
        "När socialtjänsten får kännedom om att någon kan behöva stöd eller skydd, genom "
        "ansökan, anmälan eller på annat sätt. Handläggningen börjar här.",
        "Case initiation",
        "When social services learn that someone may need support or protection, through "
        "an application, a report or otherwise. Case handling starts here.",
    ),
    (
        "Förhandsbedömning",
        "Bedömningen av om en anmälan ska leda till en utredning. För barn görs först en "
        "skyddsbedömning samma dag.",
        "Preliminary assessment",
        "The assessment of whether a report should lead to an investigation. For children, "
        "an assessment of immediate protection needs comes first, on the same day.",
    ),
    (
        "Utredning",
        "Insamling och analys av uppgifter som ger underlag för ett beslut i ett ärende.",
        "Investigation",
        "Gathering and analysing information to give the basis for a decision in a case.",
    ),
    (
        "Insats",
        "Det stöd eller den vård som en person får efter ett beslut, till exempel hemtjänst "
        "eller ett behandlingsprogram.",
        "Intervention",
        "The support or care a person receives after a decision, such as home help or a "
        "treatment programme.",
    ),
    (
        "Uppföljning",
        "Att tillsammans med den enskilde pröva om en insats gör det den var tänkt att göra.",
        "Follow-up",
        "Checking together with the person whether an intervention does what it was meant to do.",
    ),
    (
        "Delegationsordning",
        "Nämndens beslut om vem som får fatta vilka beslut på nämndens vägnar.",
        "Delegation order",
        "The committee's decision on who may take which decisions on its behalf.",
    ),
    (
        "BBIC",
        "Barns behov i centrum: Socialstyrelsens system för utredning, planering och "
        "uppföljning i den sociala barnavården.",
        "BBIC",
        "Children's needs in focus: the National Board of Health and Welfare's system for "
        "investigation, planning and follow-up in child welfare.",
    ),
    (
        "IBIC",
        "Individens behov i centrum: en motsvarande modell för vuxna, bland annat inom "
        "äldreomsorgen.",
        "IBIC",
        "Individual's needs in focus: a similar model for adults, used in elderly care among "
        "other areas.",
    ),
    (
        "SoL",
        "Socialtjänstlagen, ramlagen för socialtjänstens arbete.",
        "SoL",
        "The Social Services Act, the framework law for social services.",
    ),
    (
        "LVU",
        "Lagen med särskilda bestämmelser om vård av unga. Gör vård utan samtycke möjlig när "
        "lagens villkor är uppfyllda.",
        "LVU",
        "The Care of Young Persons Act, which allows care without consent when its "
        "conditions are met.",
    ),
    (
        "LVM",
        "Lagen om vård av missbrukare i vissa fall.",
        "LVM",
        "The Care of Substance Abusers Act, for care without consent in certain cases.",
    ),
    (
        "LSS",
        "Lagen om stöd och service till vissa funktionshindrade. Målet är goda levnadsvillkor.",
        "LSS",
        "The Act concerning Support and Service for Persons with Certain Functional "
        "Impairments. Its goal is good living conditions.",
    ),
    (
        "Myndighetsutövning",
        "Beslut eller åtgärder som ytterst uttrycker samhällets makt över den enskilde.",
        "Exercise of public authority",
        "Decisions or actions that ultimately express society's power over the individual.",
    ),
    (
        "Kommunicering",
        "Att den enskilde får ta del av underlaget och lämna synpunkter innan beslut fattas.",
        "Communication of material",
        "Letting the person see the material and comment on it before a decision is taken.",
    ),
    (
        "Omvänt skaderekvisit",
        "Sekretessen inom socialtjänsten: uppgifter är skyddade om det inte står klart att de "
        "kan lämnas ut utan skada.",
        "Presumption of secrecy",
        "Secrecy in social services: information is protected unless it is clear that it can "
        "be disclosed without harm.",
    ),
    (
        "Orosanmälan",
        "En anmälan till socialtjänsten om oro för att ett barn far illa.",
        "Report of concern",
        "A report to social services of concern that a child is at risk.",
    ),
    (
        "SIP",
        "Samordnad individuell plan, när någon behöver insatser från både socialtjänsten och "
        "hälso- och sjukvården.",
        "SIP",
        "Coordinated individual plan, when someone needs support from both social services "
        "and health care.",
    ),
    (
        "Medhandläggning",
        "Två socialsekreterare delar ansvaret för ett ärende.",
        "Co-handling",
        "Two social workers share responsibility for a case.",
    ),
    (
        "Handledare",
        "En erfaren kollega, ofta 1:e socialsekreterare, som ger metodstöd i det dagliga "
        "arbetet men inte är chef.",
        "Supervisor",
        "An experienced colleague, often a senior social worker, who gives day-to-day method "
        "support but is not a line manager.",
    ),
    (
        "Mentor",
        "En erfaren kollega i arbetsgruppen som stöttar en ny medarbetare, utsedd före första "
        "arbetsdagen.",
        "Mentor",
        "An experienced colleague in the work group who supports a newcomer, named before the "
        "first day.",
    ),
    (
        "Introduktionsplan",
        "Den skriftliga, individuella planen för en nyanställds introduktion, med ansvarig "
        "för varje moment.",
        "Introduction plan",
        "The written, individual plan for a newcomer's introduction, with someone responsible "
        "for each item.",
    ),
    (
        "Jäv",
        "Omständigheter som gör att en handläggare inte kan anses opartisk i ett ärende och "
        "därför inte får handlägga det.",
        "Conflict of interest",
        "Circumstances that mean a case worker cannot be seen as impartial in a case and "
        "therefore may not handle it.",
    ),
]
