"""The follow-up's choices: scope, period and breakdown, checked against the viewer."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .selectors import BREAKDOWNS, Scope, scopes_for

#: Longer periods mix programme versions and say little; the twice-yearly follow-up
#: covers a half-year or a year.
MAX_PERIOD_DAYS = 5 * 366


def half_year(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    if day.month <= 6:
        return datetime.date(day.year, 1, 1), datetime.date(day.year, 6, 30)
    return datetime.date(day.year, 7, 1), datetime.date(day.year, 12, 31)


def presets(today: datetime.date) -> list[tuple[str, datetime.date, datetime.date]]:
    """The periods a follow-up is usually made for: the last four half-years and the
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


class FollowUpForm(forms.Form):
    scope = forms.ChoiceField(label=_("Vad"))
    start = forms.DateField(
        label=_("Första dag"),
        help_text=_("Nyanställda vars första dag är i perioden räknas. ÅÅÅÅ-MM-DD."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    end = forms.DateField(
        label=_("Sista dag"),
        help_text=_("ÅÅÅÅ-MM-DD."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    breakdown = forms.ChoiceField(label=_("Dela upp på"), required=False)

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        self.scopes = {s.key: s for s in scopes_for(viewer)}
        self.fields["scope"].choices = [
            (s.key, "\u00a0\u00a0" * s.level + s.label) for s in self.scopes.values()
        ]
        self.fields["breakdown"].choices = list(BREAKDOWNS.items())

    @classmethod
    def initial_for(cls, viewer, today: datetime.date | None = None) -> dict:
        today = today or timezone.localdate()
        start, end = presets(today)[0][1:]
        scopes = scopes_for(viewer)
        return {"scope": scopes[0].key if scopes else "", "start": start, "end": end}

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
