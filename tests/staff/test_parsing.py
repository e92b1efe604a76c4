import pytest

from lms.staff.parsing import MAX_BYTES, FileRefused, Table
from lms.staff.rows import clean_row, newcomer_kinds

from .helpers import csv_bytes, row, xlsx_bytes


def rows_of(data: bytes) -> list[dict]:
    return [values for _line, values in Table(data).rows()]


@pytest.mark.parametrize("sep", [",", ";", "\t"])
def test_csv_delimiters_are_sniffed(sep):
    data = csv_bytes([row(1, first="Åsa", last="Öberg")], sep=sep)
    assert rows_of(data)[0]["last_name"] == "Öberg"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_csv_encodings_are_read(encoding):
    data = csv_bytes([row(1, first="Åsa", last="Ärlig")], sep=";", encoding=encoding)
    table = Table(data)
    assert rows_of(data)[0]["first_name"] == "Åsa"
    assert table.header.index["employee_number"] == 0


def test_xlsx_is_read_with_dates_and_numbers_as_text():
    import datetime

    data = xlsx_bytes(
        [{**row(1), "start_date": datetime.datetime(2024, 1, 8), "employee_number": 1001}]
    )
    values = rows_of(data)[0]
    assert values["start_date"] == "2024-01-08" and values["employee_number"] == "1001"


def test_swedish_headers_are_accepted():
    data = (
        "Anställningsnummer;E-post;Förnamn;Efternamn;Enhetskod;Startdatum\n"
        "7;a@b.test;Åsa;Ek;U1;2024-01-01\n"
    )
    values = rows_of(data.encode("cp1252"))[0]
    assert values == {
        "employee_number": "7",
        "email": "a@b.test",
        "first_name": "Åsa",
        "last_name": "Ek",
        "unit_code": "U1",
        "start_date": "2024-01-01",
    }


def test_unknown_columns_are_ignored_and_named():
    table = Table(b"employee_number,email,first_name,last_name,shoe_size\n1,a@b.test,A,B,44\n")
    assert table.header.ignored == ["shoe_size"]
    assert "shoe_size" not in next(table.rows())[1]


def test_missing_required_columns_are_named():
    with pytest.raises(FileRefused, match="email, last_name"):
        Table(b"employee_number;first_name\n1;A\n")


def test_a_big_file_is_refused_by_size():
    with pytest.raises(FileRefused, match="för stor"):
        Table(bytes(MAX_BYTES + 1))


def test_noise_is_refused_as_not_text():
    import random

    noise = random.Random(4).randbytes(5000)
    with pytest.raises(FileRefused, match="varken en CSV-fil"):
        Table(noise)
    with pytest.raises(FileRefused, match="varken en CSV-fil"):
        list(Table(b"employee_number,email,first_name,last_name\n" + b"\x81" * 70000).rows())


def test_old_excel_and_broken_zip_are_refused():
    with pytest.raises(FileRefused, match=r"\.xls"):
        Table(b"\xd0\xcf\x11\xe0" + b"x" * 100)
    with pytest.raises(FileRefused, match="Excel"):
        list(Table(b"PK\x03\x04" + b"x" * 100).rows())


def test_an_empty_file_is_refused():
    with pytest.raises(FileRefused, match="tom"):
        Table(b"  \n")


def clean(**values):
    raw = {k: v for k, v in row(1, **values).items() if k != "unit_code" or v}
    return clean_row(2, raw, kinds=newcomer_kinds())


@pytest.mark.parametrize("cell", ["=HYPERLINK(1)", "+1", "-2", "@SUM(A1)"])
def test_formula_cells_are_refused(cell):
    assert "kan vara en formel" in clean(title=cell).errors[0]


def test_bad_dates_and_end_before_start_are_refused():
    assert "ÅÅÅÅ-MM-DD" in clean(start_date="8/1/2024").errors[0]
    assert clean(start_date="2024-02-01", end_date="2024-01-01").errors == [
        "Slutdatumet är före startdatumet."
    ]


def test_a_bad_email_is_refused():
    assert any("giltig e-postadress" in e for e in clean(email="anna@").errors)


def test_newcomer_kind_and_gender_take_swedish_words():
    cleaned = clean(gender="Kvinna", newcomer_kind="Nyutexaminerad")
    assert cleaned.values["gender"] == "woman" and cleaned.values["newcomer_kind"] == "graduate"
    assert "känns inte igen" in clean(newcomer_kind="lärling").errors[0]
