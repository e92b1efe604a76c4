"""Forms for planning many sessions at once: a monthly series and an .ics import."""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lms.core import bounds

from .forms import URL_MAX, TimeInput
from .models import Module
from .services import SeriesRule

WEEKDAYS = [
    (0, _("Måndag")),
    (1, _("Tisdag")),
    (2, _("Onsdag")),
    (3, _("Torsdag")),
    (4, _("Fredag")),
]
WHICH = [
    (1, _("1:a")),
    (2, _("2:a")),
    (3, _("3:e")),
    (4, _("4:e")),
    (-1, _("sista")),
]
MONTHS = [
    (1, _("januari")),
    (2, _("februari")),
    (3, _("mars")),
    (4, _("april")),
    (5, _("maj")),
    (6, _("juni")),
    (7, _("juli")),
    (8, _("augusti")),
    (9, _("september")),
    (10, _("oktober")),
    (11, _("november")),
    (12, _("december")),
]
MONTH_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")


def _capacity_field() -> forms.IntegerField:
    return forms.IntegerField(label=_("Antal platser"), min_value=1, max_value=500)


def _deadline_days_field() -> forms.IntegerField:
    """The booking deadline of sessions made many at once (a series, an import): one
    date cannot suit them all, so it is counted back from each one's first day."""
    return forms.IntegerField(
        label=_("Sista anmälningsdag, dagar före första kursdagen"),
        min_value=0,
        max_value=365,
        required=False,
        initial=14,
        help_text=_("Lämna tomt om det inte ska finnas någon sista anmälningsdag."),
    )


class MonthInput(forms.TextInput):
    input_type = "month"

    def format_value(self, value):
        if isinstance(value, datetime.date):
            return value.strftime("%Y-%m")
        return super().format_value(value)


class MonthField(forms.Field):
    """A month as "YYYY-MM" (what <input type="month"> sends), cleaned to its first day."""

    widget = MonthInput
    default_error_messages = {
        "invalid": _("Ange månaden som ÅÅÅÅ-MM, till exempel 2027-03."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.date):
            return value.replace(day=1)
        match = MONTH_RE.match(str(value))
        if not match:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        year, month = int(match[1]), int(match[2])
        if not (1 <= month <= 12 and year >= 1):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return datetime.date(year, month, 1)

    def validate(self, value):
        super().validate(value)
        if value is not None and not bounds.COURSE.contains(value):
            first, last = bounds.COURSE.bounds()
            raise ValidationError(
                _("Ange en månad mellan %(first)s och %(last)s.")
                % {"first": f"{first:%Y-%m}", "last": f"{last:%Y-%m}"},
                code="date_window",
            )


def current_modules():
    return Module.objects.filter(part__programme__is_current=True).select_related("part")


class _ModuleFormMixin:
    def _set_up_module(self):
        self.fields["module"].queryset = current_modules()
        self.fields["module"].empty_label = _("Välj modul")
        self.fields["module"].label_from_instance = lambda m: m.display_title


class SeriesForm(_ModuleFormMixin, forms.Form):
    """'The second Tuesday of every month except July', as sessions of one module."""

    module = forms.ModelChoiceField(label=_("Modul"), queryset=Module.objects.none())
    first_month = MonthField(
        label=_("Första månaden"), help_text=_("ÅÅÅÅ-MM, till exempel 2027-01.")
    )
    last_month = MonthField(label=_("Sista månaden"), help_text=_("ÅÅÅÅ-MM, till exempel 2027-12."))
    nth = forms.TypedChoiceField(label=_("Vilken i månaden"), choices=WHICH, coerce=int)
    weekday = forms.TypedChoiceField(label=_("Veckodag"), choices=WEEKDAYS, coerce=int)
    skip_months = forms.TypedMultipleChoiceField(
        label=_("Hoppa över månader"),
        choices=MONTHS,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    n_days = forms.IntegerField(
        label=_("Antal dagar per tillfälle"),
        min_value=1,
        max_value=10,
        initial=1,
        help_text=_("Dagarna läggs på vardagar i följd från startdagen."),
    )
    start = forms.TimeField(label=_("Starttid"), widget=TimeInput())
    end = forms.TimeField(label=_("Sluttid"), widget=TimeInput())
    capacity = _capacity_field()
    deadline_days_before = _deadline_days_field()
    place = forms.CharField(label=_("Plats"), max_length=200, required=False)
    online_url = forms.URLField(
        label=_("Länk för distansdeltagande"),
        required=False,
        assume_scheme="https",
        max_length=URL_MAX,
    )
    trainers = forms.CharField(label=_("Utbildare"), max_length=300, required=False)
    publish = forms.BooleanField(
        label=_("Publicera direkt så att chefer kan anmäla"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_up_module()
        self.initial.setdefault("skip_months", [7])
        self.initial.setdefault("start", "09:00")
        self.initial.setdefault("end", "16:00")

    def detail_fields(self):
        names = ["capacity", "deadline_days_before", "place", "online_url", "trainers"]
        return [self[name] for name in names]

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end <= start:
            self.add_error("end", _("Sluttiden måste vara efter starttiden."))
        return data

    def rule(self) -> SeriesRule:
        data = self.cleaned_data
        return SeriesRule(
            first_month=data["first_month"],
            last_month=data["last_month"],
            weekday=data["weekday"],
            nth=data["nth"],
            skip_months=frozenset(data["skip_months"]),
            n_days=data["n_days"],
            start=data["start"],
            end=data["end"],
        )


class ImportForm(_ModuleFormMixin, forms.Form):
    """Step one of an import: the file and the module its events are sessions of."""

    module = forms.ModelChoiceField(label=_("Modul"), queryset=Module.objects.none())
    file = forms.FileField(
        label=_("Kalenderfil (.ics)"),
        help_text=_(
            "Högst 1 MB och 500 händelser. Varje händelse kan bli ett kurstillfälle; du "
            "väljer vilka på nästa sida. Heldagshändelser får tiderna 09–16."
        ),
        widget=forms.FileInput(attrs={"accept": ".ics,text/calendar"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_up_module()


class ImportConfirmForm(forms.Form):
    """Step two: which of the previewed events become sessions, and their settings.

    `preview` is the signed list of events; only events it holds and that can still be
    imported are valid choices, whatever the browser sends.
    """

    preview = forms.CharField(widget=forms.HiddenInput)
    events = forms.MultipleChoiceField(
        label=_("Händelser att importera"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Välj minst en händelse att importera.")},
    )
    capacity = _capacity_field()
    deadline_days_before = _deadline_days_field()

    def __init__(self, *args, choices: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["events"].choices = [(key, key) for key in choices]
