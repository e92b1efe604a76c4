from django import forms
from django.utils.translation import gettext_lazy as _

from lms.core import bounds
from lms.core.forms import BoundedDateField

from .models import Attendance, CourseSession, Module
from .services import CHANGE_FIELDS, AttendanceMark, DayInput

MAX_DAYS = 5
#: What the column of a session's link holds.
URL_MAX = CourseSession._meta.get_field("online_url").max_length


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class SessionForm(forms.Form):
    """A new session: up to five days, each with its own date and times."""

    n_days = MAX_DAYS

    module = forms.ModelChoiceField(label=_("Modul"), queryset=None)
    capacity = forms.IntegerField(label=_("Antal platser"), min_value=1, max_value=500)
    booking_deadline = BoundedDateField(
        label=_("Sista anmälningsdag"), required=False, window=bounds.COURSE
    )
    place = forms.CharField(label=_("Plats"), max_length=200, required=False)
    online_url = forms.URLField(
        label=_("Länk för distansdeltagande"),
        required=False,
        assume_scheme="https",
        max_length=URL_MAX,
    )
    trainers = forms.CharField(label=_("Utbildare"), max_length=300, required=False)
    notes = forms.CharField(
        label=_("Information till deltagarna"),
        required=False,
        max_length=bounds.LONG_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    publish = forms.BooleanField(
        label=_("Publicera direkt så att chefer kan anmäla"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = Module.objects.select_related("part", "part__programme")
        self.fields["module"].empty_label = _("Välj modul")
        self.fields["module"].label_from_instance = lambda m: m.display_title
        for n in range(1, self.n_days + 1):
            required = n == 1
            self.fields[f"day{n}_date"] = BoundedDateField(
                label=_("Dag %(n)s: datum") % {"n": n}, required=required, window=bounds.COURSE
            )
            self.fields[f"day{n}_start"] = forms.TimeField(
                label=_("Dag %(n)s: starttid") % {"n": n}, required=required, widget=TimeInput()
            )
            self.fields[f"day{n}_end"] = forms.TimeField(
                label=_("Dag %(n)s: sluttid") % {"n": n}, required=required, widget=TimeInput()
            )
            if n == 1:
                self.initial.setdefault("day1_start", "09:00")
                self.initial.setdefault("day1_end", "16:00")

    def day_rows(self):
        """[(n, date field, start field, end field)] for the template's fieldsets."""
        return [
            (n, self[f"day{n}_date"], self[f"day{n}_start"], self[f"day{n}_end"])
            for n in range(1, self.n_days + 1)
        ]

    def detail_fields(self):
        names = ["capacity", "booking_deadline", "place", "online_url", "trainers", "notes"]
        return [self[name] for name in names]

    def clean(self):
        data = super().clean()
        days = []
        for n in range(1, self.n_days + 1):
            values = [data.get(f"day{n}_{part}") for part in ("date", "start", "end")]
            if all(values):
                days.append(DayInput(*values))
            elif any(values):
                self.add_error(
                    f"day{n}_date",
                    _("Fyll i datum, starttid och sluttid för dag %(n)s, eller lämna alla tomma.")
                    % {"n": n},
                )
        data["days"] = days
        return data


class SessionEditForm(SessionForm):
    """Days and details of an existing session; module and capacity are set elsewhere."""

    def __init__(self, *args, session, **kwargs):
        days = list(session.days.all())
        initial = {name: getattr(session, name) for name in self.edit_fields}
        for n, day in enumerate(days, start=1):
            initial.update({f"day{n}_date": day.date, f"day{n}_start": day.start})
            initial[f"day{n}_end"] = day.end
        # A session made in the admin may have more days than a new one: show them all.
        self.n_days = max(MAX_DAYS, len(days))
        super().__init__(*args, initial=initial, **kwargs)
        for name in ("module", "capacity", "publish"):
            del self.fields[name]

    edit_fields = CHANGE_FIELDS

    def detail_fields(self):
        return [self[name] for name in self.edit_fields]


class NewVersionForm(forms.Form):
    valid_from = BoundedDateField(
        label=_("Gäller från"),
        window=bounds.COURSE,
        help_text=_(
            "Till exempel första dagen på nästa år. Versionen börjar gälla när du väljer det."
        ),
    )


class CopyForm(forms.Form):
    first_date = BoundedDateField(
        label=_("Ny första kursdag"),
        window=bounds.COURSE,
        help_text=_("Övriga dagar och sista anmälningsdag flyttas lika många dagar."),
    )


class CapacityForm(forms.Form):
    capacity = forms.IntegerField(label=_("Antal platser"), min_value=1, max_value=500)


class NominateForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("Nyanställd"),
        queryset=None,
        help_text=_("Du kan anmäla nyanställda i de enheter du är chef för."),
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["person"].empty_label = _("Välj person")
        self.fields["person"].label_from_instance = lambda p: (
            f"{p} ({p.unit})" if p.unit_id else str(p)
        )


class AttendanceForm(forms.Form):
    """Per admitted participant and day a select named a-<enrolment>-<day>, and a
    checkbox e-<enrolment>-<day> saying a partly attended day is enough for the module."""

    def __init__(self, *args, days, enrolments, marks, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("Ej registrerad")), *Attendance.Status.choices]
        self.rows = []
        for enrolment in enrolments:
            cells = []
            for day in days:
                status, enough = marks.get((enrolment.pk, day.pk), ("", False))
                label = {"name": enrolment.person, "date": day.date}
                name = f"a-{enrolment.pk}-{day.pk}"
                self.fields[name] = forms.ChoiceField(
                    label=_("%(name)s, %(date)s") % label,
                    choices=choices,
                    required=False,
                    initial=status,
                )
                self.fields[f"e-{enrolment.pk}-{day.pk}"] = forms.BooleanField(
                    label=_("Räcker för modulen (%(name)s, %(date)s)") % label,
                    required=False,
                    initial=enough,
                )
                cells.append((day, self[name], self[f"e-{enrolment.pk}-{day.pk}"]))
            self.rows.append((enrolment, cells))
        self._days = {d.pk: d for d in days}
        self._enrolments = {e.pk: e for e in enrolments}

    def marks(self) -> list[AttendanceMark]:
        """Every cell that has a status chosen."""
        result = []
        for name, value in self.cleaned_data.items():
            if not name.startswith("a-") or not value:
                continue
            _prefix, enrolment_id, day_id = name.split("-")
            result.append(
                AttendanceMark(
                    enrolment=self._enrolments[int(enrolment_id)],
                    day=self._days[int(day_id)],
                    status=value,
                    enough=self.cleaned_data[f"e-{enrolment_id}-{day_id}"],
                )
            )
        return result


class EvaluationForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Helhetsbetyg"),
        choices=[
            (1, _("1 – mycket dåligt")),
            (2, "2"),
            (3, "3"),
            (4, "4"),
            (5, _("5 – mycket bra")),
        ],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Kommentar"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Utbildarna ser kommentarerna utan ditt namn."),
    )


class MoveForm(forms.Form):
    """Move a booking to another session of the same module."""

    to = forms.ModelChoiceField(
        label=_("Flytta till"),
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"invalid_choice": _("Välj ett av tillfällena i listan.")},
    )

    def __init__(self, *args, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = sessions
        self.fields["to"].label_from_instance = self._label

    @staticmethod
    def _label(session) -> str:
        first = session.first_day_cache
        text = f"{first:%Y-%m-%d} (v. {first.isocalendar().week})" if first else "–"
        return f"{text}, {session.place}" if session.place else text
