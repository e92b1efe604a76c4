"""The introduction figures as lms.documents.figures_report's data: the page's figures, on paper.

Every figure goes through the same text the page and the CSV print (Figure.text,
GroupRow.newcomers_text, LevelRow.text), so a hidden group arrives as "färre än 5" and
its base is never written; a bar arrives without a length when the page draws none.
Fixed texts use the page's own msgids, so both read alike in both languages. Names are
in the report only when the selector filled `people`, which it does only for a manager
and only for their own units.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lms.core.privacy import MIN_CELL
from lms.documents.figures_report import (
    Chart,
    ChartBar,
    FiguresReportDocument,
    Note,
    ReportSection,
    ReportTable,
)
from lms.organisation.models import Unit

from .selectors.cohort import Person
from .selectors.columns import Bar
from .selectors.figures import Figures
from .selectors.periods import SAME_CELLS, counting_note

#: What each measure means, as "Så räknas måtten" on the page.
DEFINITIONS = {
    "mentor_by_day_one": gettext_lazy(
        "Andel som hade en mentorsparning som började senast den första dagen."
    ),
    "part1_in_time": gettext_lazy(
        "Andel som gjort alla moduler i del 1 senast på sista dagen för del 1 i sin plan, "
        "bland dem vars sista dag har passerat."
    ),
    "part2_progress": gettext_lazy(
        "Medelvärde av hur stor del av sina moduler i del 2 var och en har gjort."
    ),
    "part2_in_time": gettext_lazy(
        "Andel som gjort alla moduler i del 2 senast på sista dagen för del 2, bland dem "
        "vars sista dag har passerat."
    ),
    "one_to_one": gettext_lazy(
        "Andel av de avgjorda veckorna under perioden för regelbunden 1:1-handledning som "
        "hade en hållen 1:1. Veckor med frånvaro räknas inte."
    ),
    "employed_1y": gettext_lazy(
        "Andel som fortfarande var anställda ett respektive två år efter första dagen, "
        "bland dem som har kommit så långt."
    ),
}


def figures_report_document(report: Figures) -> FiguresReportDocument:
    """The report as the PDF shows it; one query for the municipality's name."""
    return FiguresReportDocument(
        scope=report.scope.label,
        municipality=", ".join(
            Unit.objects.filter(pk__in=report.scope.unit_ids)
            .values_list("administration__municipality__name", flat=True)
            .order_by("administration__municipality__name")
            .distinct()
        ),
        start=report.start,
        end=report.end,
        generated_on=report.today,
        breakdown=report.breakdown_label if report.breakdown else "",
        notes=[counting_note(report.as_of), str(SAME_CELLS)],
        sections=[
            _newcomers(report),
            _evaluations(report),
            _checkins(report),
            _staff(report),
            *([_names(report)] if report.people else []),
        ],
    )


def _hidden() -> str:
    return _("färre än %(n)s") % {"n": MIN_CELL}


def _bars(bars: list[Bar]) -> list[ChartBar]:
    return [ChartBar(bar.label, bar.percent, bar.text) for bar in bars]


def _newcomers(report: Figures) -> ReportSection:
    title = _("Nyanställda och introduktionen")
    if not report.total.newcomers:
        return ReportSection(title, empty=_("Ingen nyanställd hade sin första dag under perioden."))
    caption = _("Nyanställda")
    if report.breakdown:
        caption = f"{caption}: {report.breakdown_label}"
    total = report.total
    chart = None
    if not total.hidden:
        chart = Chart(_("Andelar för alla nyanställda i perioden"), _bars(report.total_bars))
    columns = dict(zip(report.column_codes, report.columns, strict=True))
    terms = {
        **columns,
        "employed_1y": f"{columns['employed_1y']} / {columns['employed_2y']}",
    }
    return ReportSection(
        title,
        chart=chart,
        table=ReportTable(
            caption=caption,
            headers=[
                report.breakdown_label if report.breakdown else _("Grupp"),
                _("Nyanställda"),
                *report.columns,
            ],
            rows=[
                [row.label, row.newcomers_text, *(f.text for f in row.figures)]
                for row in report.rows
            ],
            footer=[_("Totalt"), total.newcomers_text, *(f.text for f in total.figures)],
        ),
        notes_title=_("Så räknas måtten"),
        notes=[Note(terms[code], str(text)) for code, text in DEFINITIONS.items()],
    )


def _evaluations(report: Figures) -> ReportSection:
    title = _("Kursutvärderingar")
    if not report.evaluations:
        return ReportSection(title, empty=_("Inga utvärderingar av kurstillfällen i perioden."))
    rows, sub_rows = [], set()
    for module in report.evaluations:
        for row in [module, *module.sessions]:
            label = module.label
            if row is not module:
                label = _("Tillfälle %(day)s") % {"day": row.label}
                sub_rows.add(len(rows))
            rows.append([label, _hidden() if row.hidden else str(row.people), row.mean.text])
    return ReportSection(
        title,
        chart=Chart(_("Medelbetyg per modul (1–5)"), _bars(report.evaluation_bars)),
        table=ReportTable(
            caption=title,
            headers=[_("Modul och kurstillfälle"), _("Svar"), _("Medelbetyg (1–5)")],
            rows=rows,
            sub_rows=frozenset(sub_rows),
        ),
    )


def _checkins(report: Figures) -> ReportSection:
    title = _("Avstämningar")
    if not report.checkin_people:
        return ReportSection(title, empty=_("Inga avstämningar besvarade i perioden."))
    hidden = any(figure.hidden for _label, figure in report.checkins)
    chart = None
    if not hidden:
        chart = Chart(
            _("Medelvärde per fråga (1–5)"),
            [ChartBar(label, figure.percent, figure.text) for label, figure in report.checkins],
        )
    return ReportSection(
        title,
        intro=[
            _(
                "Medelvärden för de fyra stärkande frågorna, där 1 betyder ”stämmer inte "
                "alls” och 5 ”stämmer helt”."
            )
        ],
        chart=chart,
        table=ReportTable(
            caption=title,
            headers=[_("Fråga"), _("Medelvärde (1–5)")],
            rows=[[label, figure.text] for label, figure in report.checkins],
        ),
    )


def _staff(report: Figures) -> ReportSection:
    title = _("Kompetensnivåer bland medarbetarna")
    if not report.staff_total:
        return ReportSection(title, empty=_("Inga medarbetare registrerade i enheterna."))
    chart = None
    if not report.staff_total_hidden:
        chart = Chart(_("Andel av medarbetarna per kompetensnivå"), _bars(report.staff_bars))
    total = _hidden() if report.staff_total_hidden else str(report.staff_total)
    return ReportSection(
        title,
        intro=[
            _("Alla medarbetare i enheterna %(day)s, efter år i yrket (Göteborgsmodellen).")
            % {"day": report.staff_day.isoformat()}
        ],
        chart=chart,
        table=ReportTable(
            caption=title,
            headers=[_("Kompetensnivå"), _("Medarbetare")],
            rows=[[level.label, level.text] for level in report.staff],
            footer=[_("Totalt"), total],
        ),
    )


def _names(report: Figures) -> ReportSection:
    title = _("Nyanställda i dina enheter")
    return ReportSection(
        title,
        intro=[_("Namnen visas bara för dig som är chef för enheten.")],
        table=ReportTable(
            caption=title,
            headers=[
                _("Namn"),
                _("Enhet"),
                _("Första dag"),
                _("Mentor senast första dagen"),
                _("Del 1 klar"),
                _("Del 2"),
                _("Veckor med 1:1"),
            ],
            rows=[_person(person) for person in report.people],
            text_columns=5,
        ),
    )


def _person(person: Person) -> list[str]:
    if person.part1_done_on:
        part1 = person.part1_done_on.isoformat()
    elif person.part1_due:
        part1 = _("Försenad")
    else:
        part1 = _("Pågår")
    part2 = person.part2_percent
    return [
        person.name,
        person.unit,
        person.start.isoformat(),
        _("Ja") if person.mentor_by_day_one else _("Nej"),
        part1,
        "–" if part2 is None else f"{int(part2 + 0.5)} %",  # as the page's floatformat:0
        f"{person.one_to_one_met} / {person.one_to_one_due}",
    ]
