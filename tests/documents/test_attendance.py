import io

from pypdf import PdfReader

from lms.documents.attendance import AttendanceSheet, Participant, render


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def sheet(n: int = 3, **extra) -> AttendanceSheet:
    data = {
        "municipality": "Göteborgs Stad",
        "module": "Barnsamtal och barnets bästa",
        "days": ["2027-04-13 (v. 15)", "2027-04-14 (v. 15)"],
        "place": "Hisingens hus, sal Älven",
        "participants": [Participant("Åsa Öberg", "Barn och unga Norr")]
        + [Participant(f"Deltagare {i}", "Enhet Söder") for i in range(n - 1)],
    }
    data.update(extra)
    return AttendanceSheet(**data)


def test_the_pdf_keeps_swedish_letters_in_names_title_and_municipality():
    pdf = render(sheet())
    assert pdf.startswith(b"%PDF")
    text = _text(pdf)
    assert "Åsa Öberg" in text
    assert "Barnsamtal och barnets bästa" in text
    assert "Göteborgs Stad" in text
    assert "Hisingens hus, sal Älven" in text


def test_there_is_a_signature_column_for_each_day():
    text = _text(render(sheet()))
    assert "Underskrift 2027-04-13 (v. 15)" in text
    assert "Underskrift 2027-04-14 (v. 15)" in text


def test_a_long_list_runs_over_pages_that_are_numbered():
    reader = PdfReader(io.BytesIO(render(sheet(n=40))))
    assert len(reader.pages) >= 2
    total = len(reader.pages)
    assert f"Sida 1 av {total}" in reader.pages[0].extract_text()
    assert f"Sida {total} av {total}" in reader.pages[-1].extract_text()


def test_the_font_is_embedded():
    assert b"/FontFile2" in render(sheet())


def test_markup_in_a_name_is_printed_as_text():
    text = _text(render(sheet(participants=[Participant("Kim <b>& Co", "")])))
    assert "Kim <b>& Co" in text


def test_an_empty_list_says_so():
    assert "Inga antagna deltagare." in _text(render(sheet(participants=[])))
