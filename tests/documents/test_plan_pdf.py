import datetime
import io

from django.utils import translation
from pypdf import PdfReader

from lms.documents import plan as plan_pdf
from lms.documents.plan import ItemRow, PhaseSection, PlanDocument, render

D = datetime.date


def _reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in _reader(pdf).pages)


def _flat(pdf: bytes) -> str:
    """The text with line breaks as spaces: a phrase may wrap inside its cell."""
    return " ".join(_text(pdf).split())


def item(title="Läs riktlinjen för barnutredningar", **extra) -> ItemRow:
    data = {
        "title": title,
        "kind": "Läsning",
        "responsible": "Handledare",
        "people": ["Örjan Ärlig"],
        "due_date": D(2027, 1, 15),
        "status": "Att göra",
    }
    data.update(extra)
    return ItemRow(**data)


def document(n_items: int = 3, **extra) -> PlanDocument:
    data = {
        "municipality": "Älvstads kommun",
        "administration": "Norra stadsdelsförvaltningen",
        "unit": "Barn och unga Norr",
        "newcomer": "Åsa Öberg",
        "start_date": D(2027, 1, 11),
        "status": "Pågår",
        "printed_on": D(2027, 1, 8),
        "managers": ["Göran Chefsson"],
        "mentor": "Märta Ödlund",
        "supervisor": "Örjan Ärlig",
        "template": "Barn och unga, nyutexaminerad (v1)",
        "phases": [
            PhaseSection(
                "Före första dagen",
                [
                    item(
                        "Dator, telefon och nycklar klara",
                        responsible="Enhetschef",
                        people=["Göran Chefsson"],
                        status="Klar",
                        done=True,
                        done_on=D(2027, 1, 7),
                    )
                ],
            ),
            PhaseSection(
                "Första veckan",
                [
                    item(f"Gå bredvid på hembesök nr {i}", due_date=D(2027, 1, 11 + i % 20))
                    for i in range(n_items)
                ],
            ),
        ],
    }
    data.update(extra)
    return PlanDocument(**data)


def test_swedish_letters_in_names_titles_and_municipality_come_back_out():
    pdf = render(document())
    assert pdf.startswith(b"%PDF")
    text = _text(pdf)
    for expected in (
        "Introduktionsplan för Åsa Öberg",
        "Älvstads kommun",
        "Barn och unga Norr, Norra stadsdelsförvaltningen",
        "Märta Ödlund",
        "Örjan Ärlig",
        "Göran Chefsson",
        "Gå bredvid på hembesök nr 0",
        "Före första dagen",
    ):
        assert expected in text


def test_people_dates_with_week_numbers_and_status_are_printed():
    text = _text(render(document(n_items=1)))
    assert "Första dagen" in text and "2027-01-11 (v. 2)" in text
    assert "2027-01-15" in text and "v. 2" in text  # due date and its ISO week
    assert "Klart senast" in text and "Ansvarig" in text
    assert "Klar" in text and "2027-01-07" in text  # done, on that day
    assert "1 av 2 punkter klara" in text


def test_a_missing_mentor_is_said_not_left_blank():
    text = _text(render(document(mentor="", supervisor="")))
    assert "Inte utsedd ännu" in text


def test_sign_off_overdue_and_description_are_noted_on_the_item():
    row = item(needs_signoff=True, overdue=True, description="Finns på intranätet.")
    text = _flat(render(document(phases=[PhaseSection("Första veckan", [row])])))
    assert "Kräver godkännande av chef eller handledare" in text
    assert "Försenad" in text
    assert "Finns på intranätet." in text


def test_a_long_title_wraps_inside_its_cell():
    long_title = " ".join(["handläggningsprocessen"] * 12)
    reader = _reader(render(document(phases=[PhaseSection("Första året", [item(long_title)])])))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert long_title not in text.replace("\n", "  ")  # broken over lines, not cut
    assert text.count("handläggningsprocessen") == 12


def test_a_long_plan_runs_over_numbered_pages_each_naming_municipality_and_plan():
    reader = _reader(render(document(n_items=80)))
    total = len(reader.pages)
    assert total >= 3
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert f"Sida {number} av {total}" in text
        assert "Älvstads kommun" in text
        assert "Introduktionsplan för Åsa Öberg" in text
        assert "Utskriven 2027-01-08" in text


def test_the_phase_and_column_headings_repeat_on_every_page_of_a_long_table():
    reader = _reader(render(document(n_items=80)))
    for page in reader.pages[1:-1]:
        text = page.extract_text()
        assert "Första veckan" in text
        assert "Punkt" in text and "Klart senast" in text


def test_the_last_page_has_signature_lines_for_the_newcomer_and_the_manager():
    last = _reader(render(document(n_items=80))).pages[-1].extract_text()
    assert "Vi har gått igenom planen tillsammans" in last
    assert last.count("Datum och underskrift") == 2
    assert "Åsa Öberg" in last and "Göran Chefsson" in last


def test_the_font_is_embedded_truetype_and_helvetica_is_never_used():
    pdf = render(document())
    for page in _reader(pdf).pages:
        fonts = [f.get_object() for f in page["/Resources"]["/Font"].values()]
        assert fonts
        assert {f["/Subtype"] for f in fonts} == {"/TrueType"}
        assert all("BitstreamVera" in f["/BaseFont"] for f in fonts)
    assert b"/FontFile2" in pdf
    assert b"Helvetica" not in pdf


def test_metadata_names_the_plan_and_the_municipality():
    meta = _reader(render(document())).metadata
    assert meta.title == "Introduktionsplan för Åsa Öberg"
    assert meta.author == "Älvstads kommun"


def test_markup_in_a_title_is_printed_as_text():
    row = item("Möt <b>Ali & Co</b>")
    text = _text(render(document(phases=[PhaseSection("Första veckan", [row])])))
    assert "Möt <b>Ali & Co</b>" in text


def test_an_empty_plan_says_so_and_still_has_the_signatures():
    text = _text(render(document(phases=[])))
    assert "Planen har inga punkter ännu." in text
    assert "0 av 0 punkter klara" in text
    assert "Datum och underskrift" in text


def test_every_fixed_text_goes_through_gettext(monkeypatch):
    monkeypatch.setattr(plan_pdf, "_", lambda text: f"T:{text}")
    text = _flat(render(document(n_items=1)))
    for msgid in (
        "T:Introduktionsplan för Åsa Öberg",
        "T:Nyanställd",
        "T:Första dagen",
        "T:Så använder du planen",
        "T:Planen visar vad som ska hända",
        "T:Punkt",
        "T:Ansvarig",
        "T:Klart senast",
        "T:Status",
        "T:v. 2",
        "T:Vi har gått igenom planen tillsammans",
        "T:Datum och underskrift",
        "T:Utskriven 2027-01-08",
        "T:1 av 2 punkter klara",
    ):
        assert msgid in text, msgid


def test_the_pdf_comes_out_in_the_readers_language():
    # Only texts the English catalogue already had; the plan's own texts follow.
    with translation.override("en"):
        reader = _reader(render(document()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Introduction plan for Åsa Öberg" in text
    assert "Responsible" in text and "Due by" in text
    assert "2027-01-11 (wk 2)" in text
    assert f"Page 1 of {len(reader.pages)}" in text
    assert "Introduktionsplan för" not in text
