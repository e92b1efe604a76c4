"""The figures' choices: scope, period and breakdown, checked against the viewer."""

from __future__ import annotations

import datetime
import functools

from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .selectors.figures import default_period
from .selectors.periods import half_year
from .selectors.scopes import Scope, scopes_for
from .selectors.tables import BREAKDOWNS

#: Longer periods mix programme versions and say little; the twice-yearly follow-up
#: covers a half-year or a year.
MAX_PERIOD_DAYS = 5 * 366
#: How far back the period menus reach.
YEARS_BACK = 10


def presets(today: datetime.date) -> list[tuple[str, datetime.date, datetime.date]]:
    """The periods the figures are usually asked for: the last four half-years and the
    last two whole years, newest first."""
    found = []
    start, _end = half_year(today)
    for _n in range(4):
        start, end = half_year(start - datetime.timedelta(days=1))
        label = (
            _("Första halvåret %(year)s") if start.month == 1 else _("Andra halvåret %(year)s")
        ) % {"year": start.year}
        found.append((str(label), start, end))
    for year in (today.year - 1, today.year - 2):
        found.append(
            (
                str(_("Helår %(year)s") % {"year": year}),
                datetime.date(year, 1, 1),
                datetime.date(year, 12, 31),
            )
        )
    return found


def half_year_bounds(today: datetime.date) -> tuple[tuple, tuple]:
    return _half_year_bounds(today, get_language() or "sv")


@functools.lru_cache(maxsize=16)
def _half_year_bounds(today: datetime.date, language: str) -> tuple[tuple, tuple]:
    """The first and last days of the ended half-years the menus offer, newest first.
    A running half-year is left out: each new starter, answer or evaluation would move
    its figures by exactly that one person."""
    starts, ends = [], []
    for year in range(today.year, today.year - YEARS_BACK - 1, -1):
        for first, last in ((7, 12), (1, 6)):
            start = datetime.date(year, first, 1)
            end = datetime.date(year, last, 30 if last == 6 else 31)
            if end >= today:
                continue
            half = _("första halvåret") if first == 1 else _("andra halvåret")
            starts.append((start.isoformat(), f"{start.isoformat()} ({half} {year})"))
            ends.append((end.isoformat(), f"{end.isoformat()} ({half} {year})"))
    return tuple(starts), tuple(ends)


class FiguresForm(forms.Form):
    """Periods are whole half-years: with any day allowed, moving the last day by one
    would single out whoever started that day."""

    scope = forms.ChoiceField(label=_("Vad"))
    start = forms.TypedChoiceField(
        label=_("Första dag"),
        help_text=_("Nyanställda vars första dag är i perioden räknas."),
        coerce=datetime.date.fromisoformat,
    )
    end = forms.TypedChoiceField(label=_("Sista dag"), coerce=datetime.date.fromisoformat)
    breakdown = forms.ChoiceField(label=_("Dela upp på"), required=False)

    def __init__(self, *args, viewer, today: datetime.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        starts, ends = half_year_bounds(today or timezone.localdate())
        self.fields["start"].choices = starts
        self.fields["end"].choices = ends
        self.scopes = {s.key: s for s in scopes_for(viewer)}
        self.fields["scope"].choices = [
            (s.key, "\u00a0\u00a0" * s.level + s.label) for s in self.scopes.values()
        ]
        self.fields["breakdown"].choices = list(BREAKDOWNS.items())

    @classmethod
    def initial_for(cls, viewer, today: datetime.date | None = None) -> dict:
        today = today or timezone.localdate()
        scopes = scopes_for(viewer)
        scope = scopes[0] if scopes else None
        return {"scope": scope.key if scope else "", **cls.period_for(scope, today)}

    @classmethod
    def with_default_period(cls, data, viewer, today: datetime.date | None = None):
        """The asked-for data, with the default period when none was chosen."""
        if data.get("start") or data.get("end"):
            return data
        today = today or timezone.localdate()
        scopes = {s.key: s for s in scopes_for(viewer)}
        scope = scopes.get(data.get("scope")) or next(iter(scopes.values()), None)
        data = data.copy()
        data.update(cls.period_for(scope, today))
        return data

    @staticmethod
    def period_for(scope: Scope | None, today: datetime.date) -> dict:
        """The latest half-year whose "Del 1 klar i tid" counts everyone who started in
        it; the latest ended half-year when none has one yet."""
        since = datetime.date(today.year - YEARS_BACK, 1, 1)
        found = default_period(scope, today, since) if scope else None
        start, end = found or presets(today)[0][1:]
        return {"start": start.isoformat(), "end": end.isoformat()}

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                self.add_error("end", _("Sista dagen kan inte vara före första dagen."))
            elif (end - start).days > MAX_PERIOD_DAYS:
                self.add_error("end", _("Välj en period på högst fem år."))
        return data

    @property
    def chosen_scope(self) -> Scope:
        return self.scopes[self.cleaned_data["scope"]]
