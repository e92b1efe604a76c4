from django import forms
from django.utils.translation import gettext_lazy as _

from lms.accounts.models import User
from lms.core import bounds
from lms.core.forms import BoundedDateField

from .models import MAX_CAPACITY, MIN_CAPACITY, EndReason, Fit, SpokenLanguage


def _person_label(person) -> str:
    return f"{person} ({person.unit})" if person.unit_id else str(person)


class ProfileForm(forms.Form):
    capacity = forms.TypedChoiceField(
        label=_("Antal nyanställda samtidigt"),
        choices=[(n, str(n)) for n in range(MIN_CAPACITY, MAX_CAPACITY + 1)],
        coerce=int,
        initial=2,
        help_text=_("Hur många nyanställda du kan vara mentor för på samma gång."),
    )
    available_from = BoundedDateField(
        label=_("Tillgänglig från"),
        required=False,
        window=bounds.MENTORING,
        help_text=_("Tomt: redan nu."),
    )
    available_until = BoundedDateField(
        label=_("Tillgänglig till och med"),
        required=False,
        window=bounds.MENTORING,
        help_text=_("Tomt: tills vidare. Till exempel före en föräldraledighet."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Språk utöver svenska"),
        choices=SpokenLanguage.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Språk du kan samtala på med en nyanställd."),
    )


class AppointForm(ProfileForm):
    person = forms.ModelChoiceField(
        label=_("Medarbetare"),
        queryset=None,
        help_text=_("Kollegor i dina enheter som inte redan är mentorer."),
        error_messages={"invalid_choice": _("Välj en medarbetare i listan.")},
    )
    field_order = ["person"]

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["person"].label_from_instance = _person_label
        self.fields["person"].empty_label = _("Välj person")


class PairForm(forms.Form):
    """One form for the whole suggestion list: each suggestion's button sends its
    mentor, the dates are shared."""

    starts_on = BoundedDateField(
        label=_("Mentorskapet börjar"),
        window=bounds.MENTORING,
        help_text=_("Förvalt: den nyanställdas första dag, eller i dag om den har varit."),
    )
    planned_ends_on = BoundedDateField(
        label=_("Planerat slut"),
        window=bounds.MENTORING,
        help_text=_("Förvalt: ett år efter starten."),
    )
    mentor = forms.ModelChoiceField(
        label=_("Mentor"),
        queryset=User.objects.filter(mentor_profile__isnull=False),
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Välj en mentor i listan."),
            "invalid_choice": _("Välj en mentor i listan."),
        },
    )


class LanguageFilterForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Språk att matcha"),
        choices=[("", _("Inget särskilt")), *SpokenLanguage.choices],
        required=False,
        help_text=_("Mentorer som talar språket kommer högre upp."),
    )


class EndForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Varför avslutas mentorskapet?"),
        choices=[(v, label) for v, label in EndReason.choices if v != EndReason.NEW_MENTOR],
        widget=forms.RadioSelect,
        help_text=_(
            "Syns bara för chefer. Mentorn får veta att mentorskapet har avslutats, inte varför."
        ),
        error_messages={"required": _("Välj varför mentorskapet avslutas.")},
    )
    note = forms.CharField(
        label=_("Anteckning"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Frivilligt. Syns bara för chefer."),
    )


class FitForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Passar det bra?"),
        choices=Fit.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj ett av svaren.")},
    )

    def __init__(self, *args, about: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if about:
            self.fields["answer"].label = about


class ChangeRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Meddelande till din chef"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Frivilligt. Bara din chef kan läsa det. Din mentor får inte veta att du har "
            "bett om en ny mentor."
        ),
    )


class CloseRequestForm(forms.Form):
    note = forms.CharField(
        label=_("Anteckning"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Till exempel: vi har pratat och fortsätter med samma mentor."),
        error_messages={"required": _("Skriv en kort anteckning om varför du avslutar begäran.")},
    )
