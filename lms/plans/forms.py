import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from lms.accounts.models import NewcomerKind
from lms.core import bounds
from lms.core.forms import BoundedDateField

from .models import ItemKind, Responsible
from .services.dates import latest_due_date


def _person_label(person) -> str:
    return f"{person} ({person.unit})" if person.unit_id else str(person)


class PlanCreateForm(forms.Form):
    newcomer = forms.ModelChoiceField(label=_("Nyanställd"), queryset=None)
    template = forms.ModelChoiceField(
        label=_("Mall"),
        queryset=None,
        help_text=_("Mallarna för den nyanställdas verksamhetsområde och typ står först."),
    )
    start_date = BoundedDateField(
        label=_("Första dagen"),
        required=False,
        window=bounds.PLAN,
        help_text=_("Tomt: startdatumet i personens profil."),
    )
    supervisor = forms.ModelChoiceField(label=_("Handledare"), queryset=None, required=False)

    def __init__(self, *args, newcomers, templates, supervisors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["newcomer"].queryset = newcomers
        self.fields["newcomer"].label_from_instance = _person_label
        self.fields["newcomer"].empty_label = _("Välj person")
        self.fields["template"].queryset = templates
        self.fields["template"].empty_label = _("Välj mall")
        self.fields["supervisor"].queryset = supervisors
        self.fields["supervisor"].label_from_instance = _person_label
        self.fields["supervisor"].empty_label = _("Ingen ännu")


class ItemForm(forms.Form):
    title = forms.CharField(label=_("Rubrik"), max_length=200)
    description = forms.CharField(
        label=_("Beskrivning"),
        required=False,
        max_length=bounds.LONG_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    kind = forms.ChoiceField(label=_("Typ"), choices=ItemKind.choices)
    responsible = forms.ChoiceField(label=_("Ansvarig"), choices=Responsible.choices)
    due_date = BoundedDateField(label=_("Klart senast"), window=bounds.DUE)
    needs_signoff = forms.BooleanField(
        label=_("Kräver godkännande av chef eller handledare"), required=False
    )
    # The item's revision when the form was shown: guards against overwriting.
    revision = forms.IntegerField(widget=forms.HiddenInput(), required=False)


class ReflectionForm(forms.Form):
    reflection = forms.CharField(
        label=_("Reflektion"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Vad lärde du dig? Din chef, mentor och handledare kan läsa den."),
    )


class PlanEditForm(forms.Form):
    start_date = BoundedDateField(
        label=_("Första dagen"),
        window=bounds.PLAN,
        help_text=_("Flyttar du dagen flyttas alla punkter som inte är klara lika mycket."),
    )
    supervisor = forms.ModelChoiceField(label=_("Handledare"), queryset=None, required=False)
    # The plan's revision when the form was shown: guards against overwriting.
    revision = forms.IntegerField(widget=forms.HiddenInput())

    def __init__(self, *args, supervisors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supervisor"].queryset = supervisors
        self.fields["supervisor"].label_from_instance = _person_label
        self.fields["supervisor"].empty_label = _("Ingen ännu")


class PlanCloseForm(forms.Form):
    reason = forms.CharField(
        label=_("Varför stängs planen?"),
        max_length=200,
        help_text=_("Till exempel: slutade sin anställning, bytte tjänst, långvarig ledighet."),
    )


class PlanReopenForm(forms.Form):
    resume_on = BoundedDateField(
        label=_("Arbetet fortsätter"),
        required=False,
        window=bounds.PLAN,
        help_text=_(
            "Tomt: datumen står kvar. Med ett datum flyttas det som återstår fram lika "
            "lång tid som planen var stängd."
        ),
    )


# -- templates ----------------------------------------------------------------------------


class TemplateForm(forms.Form):
    name = forms.CharField(
        label=_("Namn"),
        max_length=160,
        error_messages={"required": _("Mallen behöver ett namn.")},
        help_text=_("Till exempel ”Barn och unga: utredning, nyutexaminerad”."),
    )
    name_en = forms.CharField(
        label=_("Namn på engelska"),
        max_length=160,
        required=False,
        help_text=_("Visas för den som använder tjänsten på engelska. Tomt: det svenska namnet."),
    )
    description = forms.CharField(
        label=_("Beskrivning"),
        required=False,
        max_length=bounds.LONG_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Vem mallen är till för och vad den tar upp."),
    )
    area = forms.ModelChoiceField(
        label=_("Verksamhetsområde"),
        queryset=None,
        required=False,
        error_messages={
            "invalid_choice": _("Du kan bara välja verksamhetsområden som dina enheter hör till.")
        },
    )
    newcomer_kind = forms.ChoiceField(
        label=_("Typ av nyanställd"),
        choices=[("", _("Alla nyanställda")), *NewcomerKind.choices],
        required=False,
    )
    # The template's revision when the form was shown: guards against overwriting.
    revision = forms.IntegerField(widget=forms.HiddenInput(), required=False)

    def __init__(self, *args, areas, allow_general: bool, **kwargs):
        super().__init__(*args, **kwargs)
        area = self.fields["area"]
        area.queryset = areas
        if allow_general:
            area.empty_label = _("Alla verksamhetsområden")
            area.help_text = _("Tomt: mallen gäller alla verksamhetsområden.")
        else:
            area.required = True
            area.empty_label = _("Välj verksamhetsområde")
            area.error_messages["required"] = _("Välj vilket verksamhetsområde mallen gäller.")
            area.help_text = _("Du kan göra mallar för verksamhetsområdena i dina enheter.")


class OffsetUnit:
    DAYS, WEEKS = "days", "weeks"


class TemplateItemForm(forms.Form):
    title = forms.CharField(
        label=_("Rubrik"),
        max_length=200,
        error_messages={"required": _("Punkten behöver en rubrik.")},
    )
    description = forms.CharField(
        label=_("Beskrivning"),
        required=False,
        max_length=bounds.LONG_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    kind = forms.ChoiceField(label=_("Typ"), choices=ItemKind.choices)
    responsible = forms.ChoiceField(label=_("Ansvarig"), choices=Responsible.choices)
    offset = forms.IntegerField(
        label=_("Klart, räknat från första dagen"),
        min_value=-999,
        max_value=9999,
        error_messages={"required": _("Ange när punkten ska vara klar.")},
        help_text=_("0 är första dagen och −7 en vecka innan. Fasen i planen följer av tiden."),
    )
    offset_unit = forms.ChoiceField(
        label=_("Räknat i"),
        choices=[(OffsetUnit.DAYS, _("dagar")), (OffsetUnit.WEEKS, _("veckor"))],
        initial=OffsetUnit.DAYS,
    )
    module = forms.ModelChoiceField(
        label=_("Kursmodul"),
        queryset=None,
        required=False,
        help_text=_("Krävs när typen är kursmodul."),
    )
    link_url = forms.URLField(
        label=_("Länk till kunskapssida"),
        required=False,
        assume_scheme="https",
        max_length=200,
        help_text=_("En sida på introduktionswebben eller i Kunskapsguiden, om det finns en."),
    )
    waits_for = forms.ModelChoiceField(
        label=_("Väntar på"),
        queryset=None,
        required=False,
        help_text=_("Punkten öppnas först när den valda punkten är klar."),
        error_messages={
            "invalid_choice": _("En punkt kan bara vänta på en annan punkt i samma mall.")
        },
    )
    revision = forms.IntegerField(widget=forms.HiddenInput(), required=False)

    def __init__(self, *args, modules, items, others, **kwargs):
        """`items`: the version's items (what waiting is checked against); `others`:
        the ones offered (all but the item itself)."""
        super().__init__(*args, **kwargs)
        module = self.fields["module"]
        module.queryset = modules
        module.empty_label = _("Ingen")
        module.label_from_instance = lambda m: (
            _("Del %(part)s: %(title)s")
            % {
                "part": m.part.number,
                "title": m.display_title,
            }
        )
        waits_for = self.fields["waits_for"]
        waits_for.queryset = items
        # Offered: the other items; a forged id is still checked against the version.
        waits_for.widget.choices = [
            ("", _("Ingen annan punkt")),
            *((i.pk, f"{i.title} ({i.offset_label})") for i in others),
        ]

    @staticmethod
    def initial_for(item) -> dict:
        """The form's initial values for an item: whole weeks are shown in weeks."""
        days = item.due_offset_days
        weeks = days != 0 and days % 7 == 0
        return {
            "title": item.title,
            "description": item.description,
            "kind": item.kind,
            "responsible": item.responsible,
            "offset": days // 7 if weeks else days,
            "offset_unit": OffsetUnit.WEEKS if weeks else OffsetUnit.DAYS,
            "module": item.module_id,
            "link_url": item.link_url,
            "waits_for": item.waits_for_id,
        }

    def service_values(self) -> dict:
        """The cleaned data as the template services take it (offset in days)."""
        data = dict(self.cleaned_data)
        offset = data.pop("offset")
        unit = data.pop("offset_unit")
        data.pop("revision", None)
        data["due_offset_days"] = offset * 7 if unit == OffsetUnit.WEEKS else offset
        return data


class TemplateApplyForm(forms.Form):
    plans = forms.ModelMultipleChoiceField(
        label=_("Planer"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Välj minst en plan att föra över till den nya versionen."),
            "invalid_choice": _(
                "Du kan bara föra över pågående planer som du får ändra och som bygger på en "
                "äldre version av mallen."
            ),
            "invalid_pk_value": _("Välj planerna i listan."),
        },
    )

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plans"].queryset = plans


class TemplateApplyDatesForm(forms.Form):
    """The day of each item a new version adds, per chosen plan: the page suggests one,
    and a day that has already passed is shown as such rather than slipped in."""

    revision = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, template, preview, **kwargs):
        super().__init__(*args, initial={"revision": template.revision}, **kwargs)
        self.template = template
        self.preview = preview
        for entry in preview:
            for row in entry.items:
                row.field_name = f"due-{entry.plan.pk}-{row.source.pk}"
                self.fields[row.field_name] = BoundedDateField(
                    label=_("Klar senast: %(title)s") % {"title": row.source.title},
                    initial=row.suggested,
                    input_formats=["%Y-%m-%d"],
                    window=bounds.DUE,
                    error_messages={
                        "required": _("Ange ett datum."),
                        "invalid": _("Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2027-03-01."),
                    },
                )
                row.field = self[row.field_name]

    def clean(self):
        data = super().clean()
        if data.get("revision") != self.template.revision:
            # Items may have joined or changed: the manager sees the new preview.
            raise forms.ValidationError(
                _("Mallen har ändrats sedan sidan visades. Se över datumen och för över igen.")
            )
        for entry in self.preview:
            for row in entry.items:
                day = data.get(row.field_name)
                if day is not None and day < entry.plan.start_date:
                    self.add_error(
                        row.field_name,
                        _("Datumet kan inte vara före planens första dag, %(day)s.")
                        % {"day": entry.plan.start_date.isoformat()},
                    )
                elif day is not None and day > latest_due_date(entry.plan.start_date):
                    self.add_error(
                        row.field_name,
                        _("Datumet kan inte vara senare än %(day)s.")
                        % {"day": latest_due_date(entry.plan.start_date).isoformat()},
                    )
        return data

    def due_dates(self) -> dict[tuple[int, int], datetime.date]:
        return {
            (entry.plan.pk, row.source.pk): self.cleaned_data[row.field_name]
            for entry in self.preview
            for row in entry.items
        }
