from django import forms
from django.utils.translation import gettext_lazy as _

from lms.core import bounds
from lms.core.forms import BoundedDateField

from .kinds import all_kinds, choosable_kinds, get
from .models import EmailChoice, EmailStatus


class PreferencesForm(forms.Form):
    """One radio group per kind a person may choose for; mandatory kinds are shown as
    locked by the template, not offered as inputs."""

    def __init__(self, *args, current: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.locked = []
        for kind in choosable_kinds():
            if kind.mandatory:
                self.locked.append(kind)
                continue
            self.fields[kind.code] = forms.ChoiceField(
                label=kind.label,
                help_text=kind.description,
                choices=EmailChoice.choices,
                widget=forms.RadioSelect,
                initial=current.get(kind.code, kind.default_email),
            )


class LogFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Typ"), required=False)
    status = forms.ChoiceField(
        label=_("E-post"),
        required=False,
        choices=[("", _("Alla")), *EmailStatus.choices],
    )
    since = BoundedDateField(
        label=_("Från och med"),
        required=False,
        window=bounds.FILTER,
        error_messages={"invalid": _("Skriv datumet som ÅÅÅÅ-MM-DD.")},
    )
    until = BoundedDateField(
        label=_("Till och med"),
        required=False,
        window=bounds.FILTER,
        error_messages={"invalid": _("Skriv datumet som ÅÅÅÅ-MM-DD.")},
    )
    who = forms.CharField(label=_("Mottagare"), required=False, max_length=100)

    def __init__(self, *args, kinds: frozenset[str] | None, **kwargs):
        super().__init__(*args, **kwargs)
        shown = [k for k in all_kinds() if kinds is None or k.code in kinds]
        self.fields["kind"].choices = [("", _("Alla")), *[(k.code, k.label) for k in shown]]

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", _("Slutdatumet kan inte vara före startdatumet."))
        return data

    def label_of(self, code: str) -> str:
        return get(code).label
