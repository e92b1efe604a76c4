"""Reading an HR export: CSV (UTF-8 with or without BOM, or Windows-1252; comma,
semicolon or tab) or .xlsx, one row at a time.

A `Table` can be read any number of times (the preview reads it twice: once for the
keys, once for the rows) and never holds more than one row of the file in memory, so a
file of 50,000 rows costs what one row does. Everything that is wrong with the file as
a whole (too big, not text, no header, a required column missing) is a `FileRefused`
with a Swedish message, never an exception from the csv module or openpyxl.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

#: The largest file taken: a full export of 50,000 people is about 8 MB as CSV.
MAX_BYTES = 15 * 1024 * 1024

#: Column → the header names that stand for it (compared case-folded, trimmed).
COLUMNS: dict[str, tuple[str, ...]] = {
    "employee_number": ("employee_number", "anställningsnummer", "anstnr", "anst.nr"),
    "email": ("email", "e-mail", "e-post", "epost", "e-postadress"),
    "first_name": ("first_name", "förnamn"),
    "last_name": ("last_name", "efternamn"),
    "title": ("title", "titel", "befattning"),
    "unit_code": ("unit_code", "enhetskod"),
    "unit_name": ("unit_name", "enhetsnamn", "enhet"),
    "administration": ("administration", "förvaltning"),
    "start_date": ("start_date", "startdatum"),
    "end_date": ("end_date", "slutdatum"),
    "manager": ("manager", "chef"),
    "roles": ("roles", "roller"),
    "gender": ("gender", "kön"),
    "newcomer_kind": ("newcomer_kind", "typ av nyanställd"),
    "years_in_profession": ("years_in_profession", "år i yrket"),
}
REQUIRED = ("employee_number", "email", "first_name", "last_name")
_BY_HEADER = {name: column for column, names in COLUMNS.items() for name in names}
_SNIFF_BYTES = 64 * 1024


class FileRefused(Exception):
    """The file as a whole cannot be read; the message says why, in Swedish."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Header:
    #: Column name → index in the row.
    index: dict[str, int]
    #: Header names that are no column of ours; ignored, and the preview says so.
    ignored: list[str] = field(default_factory=list)


def _read_header(cells: list) -> Header:
    index, ignored = {}, []
    for position, raw in enumerate(cells):
        name = " ".join(str(raw or "").replace("\ufeff", "").split()).casefold()
        column = _BY_HEADER.get(name)
        if column and column not in index:
            index[column] = position
        elif name:
            ignored.append(str(raw).strip())
    missing = [column for column in REQUIRED if column not in index]
    if missing:
        raise FileRefused(
            _("Filen saknar kolumnerna %(columns)s. Första raden ska vara kolumnernas namn.")
            % {"columns": ", ".join(missing)}
        )
    return Header(index=index, ignored=ignored)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date() if value.time() == datetime.time() else value
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


class Table:
    """An export on disk (a path) or in memory (bytes), read row by row."""

    def __init__(self, source: Path | str | bytes):
        self.source = source
        with self._open() as raw:
            head = raw.read(_SNIFF_BYTES)
        self.size = len(source) if isinstance(source, bytes) else Path(source).stat().st_size
        if self.size > MAX_BYTES:
            raise FileRefused(
                _("Filen är för stor (%(size)s MB). Största tillåtna storlek är %(max)s MB.")
                % {"size": round(self.size / 1024 / 1024, 1), "max": MAX_BYTES // 1024 // 1024}
            )
        if not head.strip():
            raise FileRefused(_("Filen är tom."))
        self.kind = "xlsx" if head.startswith(b"PK\x03\x04") else "csv"
        if head.startswith(b"\xd0\xcf\x11\xe0"):
            raise FileRefused(
                _("Filen är i Excels gamla format (.xls). Spara den som .xlsx eller CSV.")
            )
        if self.kind == "csv":
            self.encoding = _encoding(head)
            self.delimiter = _delimiter(head.decode(self.encoding, errors="replace"))
        self.header = None
        for _line, cells in self._rows():
            self.header = _read_header(cells)
            break
        if self.header is None:
            raise FileRefused(_("Filen är tom."))

    def _open(self):
        if isinstance(self.source, bytes):
            return io.BytesIO(self.source)
        return open(self.source, "rb")

    def rows(self) -> Iterator[tuple[int, dict[str, str]]]:
        """(line number, {column: text}) for every row after the header with any text."""
        index = self.header.index
        rows = self._rows()
        next(rows, None)
        for line, cells in rows:
            values = {
                column: _cell(cells[position]) if position < len(cells) else ""
                for column, position in index.items()
            }
            if any(values.values()):
                yield line, values

    def _rows(self) -> Iterator[tuple[int, list]]:
        return self._xlsx_rows() if self.kind == "xlsx" else self._csv_rows()

    def _csv_rows(self) -> Iterator[tuple[int, list]]:
        with self._open() as raw:
            text = codecs.getreader(self.encoding)(raw, errors="strict")
            reader = csv.reader(text, delimiter=self.delimiter)
            try:
                for cells in reader:
                    yield reader.line_num, cells
            except UnicodeDecodeError as error:
                raise FileRefused(_not_text()) from error
            except csv.Error as error:
                raise FileRefused(
                    _("Filen går inte att läsa som CSV (rad %(line)s).") % {"line": reader.line_num}
                ) from error

    def _xlsx_rows(self) -> Iterator[tuple[int, list]]:
        from openpyxl import load_workbook

        with self._open() as raw:
            try:
                book = load_workbook(raw, read_only=True, data_only=True)
            except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
                raise FileRefused(_("Filen går inte att öppna som Excel-fil (.xlsx).")) from error
            try:
                sheet = book.worksheets[0]
                for line, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
                    yield line, list(cells)
            finally:
                book.close()


def _not_text() -> str:
    return _(
        "Filen är varken en CSV-fil i UTF-8 eller Windows-1252 eller en Excel-fil (.xlsx). "
        "Spara den som CSV (UTF-8) eller .xlsx och försök igen."
    )


def _encoding(head: bytes) -> str:
    """UTF-8 (a BOM is dropped) when the start decodes as such, else Windows-1252; a
    file that is neither (or holds NUL bytes) is refused."""
    if b"\x00" in head:
        raise FileRefused(_not_text())
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8-sig"
    try:
        head.decode("cp1252")
    except UnicodeDecodeError as error:
        raise FileRefused(_not_text()) from error
    return "cp1252"


def _delimiter(text: str) -> str:
    first = text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""
    counts = {sep: first.count(sep) for sep in (";", ",", "\t")}
    return max(counts, key=lambda sep: (counts[sep], sep == ";"))
