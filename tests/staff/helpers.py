"""Small HR exports made in memory."""

import csv
import io

HEADER = [
    "employee_number",
    "email",
    "first_name",
    "last_name",
    "title",
    "unit_code",
    "unit_name",
    "administration",
    "start_date",
    "end_date",
    "manager",
    "roles",
]


def row(number, email=None, first="Anna", last="Ek", **extra) -> dict:
    values = {
        "employee_number": str(number),
        "email": email or f"p{number}@kommun.test",
        "first_name": first,
        "last_name": last,
        "title": "Socialsekreterare",
        "unit_code": "U1",
        "unit_name": "Barn och unga Norr",
        "administration": "Stadsdelsförvaltning Norr",
        "start_date": "2024-01-08",
        "end_date": "",
        "manager": "",
        "roles": "newcomer",
    }
    values.update(extra)
    return values


def csv_bytes(rows, *, header=None, sep=",", encoding="utf-8") -> bytes:
    header = header or list(rows[0].keys() if rows else HEADER)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=sep)
    writer.writerow(header)
    for values in rows:
        writer.writerow([values.get(name, "") for name in header])
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows, *, header=None) -> bytes:
    from openpyxl import Workbook

    header = header or list(rows[0].keys())
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for values in rows:
        sheet.append([values.get(name, "") for name in header])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
