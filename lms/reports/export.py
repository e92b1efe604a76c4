"""The introduction figures as CSV rows: the same figures as the page, hidden cells as
on the page."""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _

from lms.core.privacy import MIN_CELL

from .selectors.figures import Figures
from .selectors.tables import BREAKDOWNS


def rows(report: Figures) -> list[list[str]]:
    hidden = _("färre än %(n)s") % {"n": MIN_CELL}
    out = [
        [_("Avsnitt"), _("Grupp"), _("Mått"), _("Värde"), _("Antal personer")],
        [_("Period"), report.scope.label, _("Första dag"), report.start.isoformat(), ""],
        [_("Period"), report.scope.label, _("Sista dag"), report.end.isoformat(), ""],
        [_("Period"), report.scope.label, _("Läget den"), report.as_of.isoformat(), ""],
    ]
    section = _("Nyanställda")
    if report.breakdown:
        section = f"{section}: {BREAKDOWNS[report.breakdown]}"
    for group in [*report.rows, report.total]:
        out.append([section, group.label, _("Nyanställda"), group.newcomers_text, ""])
        for label, figure in zip(report.columns, group.figures, strict=True):
            base = "" if figure.hidden else str(figure.base)
            out.append([section, group.label, label, figure.text, base])
    for module in report.evaluations:
        for row in [module, *module.sessions]:
            group = module.label if row is module else f"{module.label}, {row.label}"
            count = hidden if row.hidden else str(row.people)
            out.append([_("Kursutvärderingar"), group, _("Medelbetyg (1–5)"), row.mean.text, count])
    for label, figure in report.checkins:
        base = "" if figure.hidden else str(figure.base)
        out.append([_("Avstämningar"), report.scope.label, label, figure.text, base])
    for level in report.staff:
        out.append([_("Kompetensnivåer"), report.scope.label, level.label, level.text, ""])
    for person in report.people:
        out.append(
            [
                _("Nyanställda i dina enheter"),
                person.unit,
                person.name,
                person.start.isoformat(),
                "",
            ]
        )
    return out


def to_csv(report: Figures) -> bytes:
    buffer = io.StringIO()
    # Semicolons: Excel with Swedish settings reads commas as decimal marks.
    writer = csv.writer(buffer, delimiter=";")
    writer.writerows(rows(report))
    # The byte order mark makes Excel read UTF-8, so å, ä and ö come out right.
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")
