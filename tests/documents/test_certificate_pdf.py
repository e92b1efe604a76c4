import datetime
import io

from django.utils import translation
from pypdf import PdfReader

from lms.documents import certificate as certificate_pdf
from lms.documents.certificate import (
    CertificateDocument,
    CertificateModule,
    CertificatePart,
    render,
)

D = datetime.date


def _reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def _flat(pdf: bytes) -> str:
    """The text with line breaks as spaces: a phrase may wrap inside its cell."""
    return " ".join(" ".join(page.extract_text() for page in _reader(pdf).pages).split())


def document(**extra) -> CertificateDocument:
    data = {
        "name": "Åsa Öberg",
        "municipality": "Älvstads kommun",
        "programme": "Introduktionsprogrammet",
        "heading": "Introduktionsprogrammet, del 1 genomförd",
        "issued_on": D(2027, 5, 11),
        "code": "ABCD-EFGH-JKMN",
        "verify_url": "https://intro.example.se/intyg/",
        "code_url": "https://intro.example.se/intyg/ABCD-EFGH-JKMN/",
        "parts": [
            CertificatePart(
                "Del 1: Grundläggande introduktion",
                [
                    CertificateModule(
                        "Att arbeta i en politiskt styrd organisation", D(2027, 2, 9)
                    ),
                    CertificateModule("Bemötande, samtal och relationer", D(2027, 3, 9)),
                ],
            )
        ],
    }
    data.update(extra)
    return CertificateDocument(**data)


def test_the_certificate_names_the_person_the_part_and_the_municipality():
    pdf = render(document())
    assert pdf.startswith(b"%PDF")
    text = _flat(pdf)
    for expected in (
        "Intyg",
        "Introduktionsprogrammet, del 1 genomförd",
        "Åsa Öberg",
        "Älvstads kommun",
        "har genomfört följande moduler i Introduktionsprogrammet",
    ):
        assert expected in text


def test_the_modules_are_listed_with_their_iso_dates():
    text = _flat(render(document()))
    assert "Del 1: Grundläggande introduktion" in text
    assert "Modul" in text and "Genomförd" in text
    assert "Att arbeta i en politiskt styrd organisation 2027-02-09" in text
    assert "Bemötande, samtal och relationer 2027-03-09" in text


def test_both_parts_are_listed_for_the_whole_programme():
    part2 = CertificatePart(
        "Del 2: Handläggningsprocessen", [CertificateModule("Utredning", D(2028, 4, 1))]
    )
    text = _flat(
        render(
            document(
                heading="Introduktionsprogrammet genomfört, del 1 och del 2",
                parts=[*document().parts, part2],
            )
        )
    )
    assert "Del 1: Grundläggande introduktion" in text
    assert "Del 2: Handläggningsprocessen" in text and "Utredning 2028-04-01" in text


def test_there_are_signature_lines_for_the_manager_and_the_coordinator():
    text = _flat(render(document()))
    assert "Underskrifter" in text
    assert "Chef" in text and "Utbildningssamordnare" in text
    assert text.count("Ort och datum") == 2
    assert text.count("Underskrift ") >= 2 and text.count("Namnförtydligande") == 2


def test_the_code_the_address_and_the_issue_date_are_printed():
    text = _flat(render(document()))
    assert "Kontrollera intyget" in text
    assert "ABCD-EFGH-JKMN" in text
    assert "https://intro.example.se/intyg/" in text
    assert "https://intro.example.se/intyg/ABCD-EFGH-JKMN/" in text
    assert "Utfärdat 2027-05-11" in text
    assert "Sida 1 av 1" in text


def test_the_pdf_is_marked_with_the_readers_language():
    """English texts come from locale/ at merge; the heading arrives translated."""
    with translation.override("en"):
        pdf = render(document(heading="The introduction programme, part 1 completed"))
    assert b"/Lang (en)" in pdf
    assert "The introduction programme, part 1 completed" in _flat(pdf)


def test_the_english_certificate_is_titled_in_the_singular():
    with translation.override("en"):
        pdf = render(document(heading="The introduction programme, part 1 completed"))
    assert _reader(pdf).metadata.title.startswith("Certificate: ")
    text = _flat(pdf)
    assert text.startswith("Certificate ") or " Certificate " in text
    assert "Certificates" not in text


def test_every_fixed_text_goes_through_gettext(monkeypatch):
    monkeypatch.setattr(certificate_pdf, "_", lambda text: f"T:{text}")
    monkeypatch.setattr(certificate_pdf, "pgettext", lambda context, text: f"T:{text}")
    text = _flat(render(document()))
    for msgid in (
        "T:Intyg",
        "T:har genomfört följande moduler",
        "T:Modul",
        "T:Genomförd",
        "T:Underskrifter",
        "T:Chef",
        "T:Utbildningssamordnare",
        "T:Ort och datum",
        "T:Underskrift",
        "T:Namnförtydligande",
        "T:Kontrollera intyget",
        "T:Kontrollkod",
        "T:Gå till https://intro.example.se/intyg/",
        "T:Utfärdat 2027-05-11 · Kontrollkod ABCD-EFGH-JKMN",
    ):
        assert msgid in text, msgid


def test_the_font_is_embedded_truetype_and_helvetica_is_never_used():
    pdf = render(document())
    for page in _reader(pdf).pages:
        fonts = [f.get_object() for f in page["/Resources"]["/Font"].values()]
        assert {f["/Subtype"] for f in fonts} == {"/TrueType"}
    assert b"Helvetica" not in pdf


def test_metadata_names_the_certificate_and_the_municipality():
    meta = _reader(render(document())).metadata
    assert meta.title == "Intyg: Introduktionsprogrammet, del 1 genomförd, Åsa Öberg"
    assert meta.author == "Älvstads kommun"


def test_markup_in_a_name_is_printed_as_text():
    text = _flat(render(document(name="Ali <b>& Co</b>")))
    assert "Ali <b>& Co</b>" in text
