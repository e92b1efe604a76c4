"""Forms of the session log. The quick form asks few things and proposes the rest (now,
60 minutes, the kind that fits the author's role), so a session is logged from a phone
in under a minute; everything is checked again by the services."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.core import bounds
from lms.core.forms import BoundedDateField
from lms.plans.models import Responsible

from .models import Session, SessionKind
from .services import FOLLOW_UP_TEXT_LIMIT, TEXT_LIMITS

STATUS_CHOICES = [
    (Session.Status.HELD, _("Genomfört")),
    (Session.Status.PLANNED, _("Planerat")),
]


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


def _name(person) -> str:
    return str(person)


def _topic_label(item) -> str:
    return f"{item.title} ({item.plan.newcomer})"


class SessionForm(forms.Form):
    newcomers = forms.ModelMultipleChoiceField(
        label=_("Med vem"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Välj minst en nyanställd.")},
    )
    status = forms.ChoiceField(
        label=_("Har det hållits?"), choices=STATUS_CHOICES, widget=forms.RadioSelect
    )
    kind = forms.ChoiceField(label=_("Typ"), choices=(), widget=forms.RadioSelect)
    date = BoundedDateField(label=_("Datum"), window=bounds.SESSION)
    time = forms.TimeField(label=_("Klockan"), widget=TimeInput())
    duration_minutes = forms.IntegerField(
        label=_("Längd i minuter"),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 1, "max": 720, "step": 5}),
        help_text=_("Högst 720 minuter (12 timmar)."),
    )
    place = forms.CharField(label=_("Plats"), max_length=TEXT_LIMITS["place"], required=False)
    shared_summary = forms.CharField(
        label=_("Sammanfattning till den nyanställda"),
        required=False,
        max_length=TEXT_LIMITS["shared_summary"],
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Den nyanställda läser den i sin plan."),
    )
    private_note = forms.CharField(
        label=_("Privat anteckning"),
        required=False,
        max_length=TEXT_LIMITS["private_note"],
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Bara du ser den. Inte den nyanställda, inte chefen, inte HR och inte administratörer."
        ),
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Punkter i planen ni tog upp"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    # The session's revision when the form was shown (edit only): guards against
    # overwriting a change made on another device.
    revision = forms.IntegerField(widget=forms.HiddenInput(), required=False)

    def __init__(self, *args, newcomers, kinds, topics, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["newcomers"].queryset = newcomers
        self.fields["newcomers"].label_from_instance = _name
        self.fields["kind"].choices = [(k, label) for k, label in SessionKind.choices if k in kinds]
        self.fields["topics"].queryset = topics
        if len({item.plan_id for item in topics}) > 1:
            self.fields["topics"].label_from_instance = _topic_label

    def clean(self):
        data = super().clean()
        day, time = data.get("date"), data.get("time")
        if day and time:
            data["starts_at"] = timezone.make_aware(datetime.datetime.combine(day, time))
        return data

    def service_values(self) -> dict:
        data = self.cleaned_data
        return {
            "newcomers": list(data["newcomers"]),
            "status": data["status"],
            "kind": data["kind"],
            "starts_at": data.get("starts_at"),
            "duration_minutes": data["duration_minutes"],
            "place": data["place"],
            "shared_summary": data["shared_summary"],
            "private_note": data["private_note"],
            "topics": list(data["topics"]),
        }


class FollowUpForm(forms.Form):
    text = forms.CharField(
        label=_("Vad ni kom överens om"),
        max_length=FOLLOW_UP_TEXT_LIMIT,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    due_date = BoundedDateField(label=_("Klart senast"), required=False, window=bounds.DUE)
    responsible = forms.ChoiceField(
        label=_("Ansvarig"), choices=Responsible.choices, initial=Responsible.NEWCOMER
    )
    newcomer = forms.ModelChoiceField(
        label=_("Gäller"),
        queryset=None,
        required=False,
        help_text=_("Behövs bara när flera nyanställda var med."),
    )

    def __init__(self, *args, newcomers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["newcomer"].queryset = newcomers
        self.fields["newcomer"].label_from_instance = _name
        self.fields["newcomer"].empty_label = "–"
        if len(newcomers) < 2:
            del self.fields["newcomer"]


class BaseFollowUpFormSet(forms.BaseFormSet):
    def __init__(self, *args, newcomers, **kwargs):
        self.newcomers = newcomers
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "newcomers": self.newcomers}

    @property
    def empty_form(self):
        form = self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__prefix__"),
            empty_permitted=True,
            use_required_attribute=False,
            newcomers=self.newcomers,
        )
        self.add_fields(form, None)
        return form


FollowUpFormSet = forms.formset_factory(
    FollowUpForm, formset=BaseFollowUpFormSet, extra=3, max_num=3, validate_max=True
)


class ReflectionForm(forms.Form):
    reflection = forms.CharField(
        label=_("Min reflektion"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Vad tar du med dig? Den som höll i tillfället läser den, inte de andra i en grupp."
        ),
    )


class FollowUpPlanForm(forms.Form):
    due_date = BoundedDateField(label=_("Klart senast"), required=False, window=bounds.DUE)
