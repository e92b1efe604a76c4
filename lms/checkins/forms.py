from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .models import QUESTIONS, TEXT_MAX, Rating

#: The same message as the service's, so a browser and a script are told the same.
OUT_OF_RANGE = _("Svaret ska vara ett tal från 1 till 5.")
SCALE = [(value, format_lazy("{} – {}", value, label)) for value, label in Rating.choices]


class CheckInForm(forms.Form):
    """The four statements (1–5), a free text for each, a message to the manager and
    the choice to share. Whether a rating is missing is the service's to say, so that
    the form and the service cannot disagree."""

    # The point the form was shown for: an answer never lands on another point.
    point = forms.IntegerField(widget=forms.HiddenInput())

    def __init__(self, *args, managers=(), **kwargs):
        super().__init__(*args, **kwargs)
        for question in QUESTIONS:
            self.fields[question.rating_field] = forms.TypedChoiceField(
                label=question.statement,
                choices=SCALE,
                coerce=int,
                required=False,
                empty_value=None,
                widget=forms.RadioSelect(attrs={"class": "scale"}),
                error_messages={"invalid_choice": OUT_OF_RANGE},
            )
            self.fields[question.text_field] = forms.CharField(
                label=question.text_label,
                help_text=question.text_help,
                required=False,
                max_length=TEXT_MAX,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        self.fields["message"] = forms.CharField(
            label=_("Meddelande till din chef (frivilligt)"),
            help_text=_(
                "Det du skriver här läser din chef, även om du inte delar dina svar. "
                "Skriv bara det du vill att chefen ska veta."
            ),
            required=False,
            max_length=TEXT_MAX,
            widget=forms.Textarea(attrs={"rows": 4}),
        )
        names = ", ".join(str(m) for m in managers)
        share_help = _(
            "Delar du ser din chef dina svar och det du skrivit om dem. Delar du inte ser "
            "chefen bara att du har svarat och när. Du kan ändra dig så länge avstämningen "
            "är öppen. HR ser aldrig enskilda svar, bara medelvärden för enheter där minst "
            "fem personer har svarat."
        )
        self.fields["shared"] = forms.BooleanField(
            label=_("Dela mina svar med min chef")
            if not names
            else format_lazy("{} ({})", _("Dela mina svar med min chef"), names),
            help_text=share_help,
            required=False,
        )

    def questions(self):
        """(rating field, text field) per question, for the template's fieldsets."""
        return [(self[q.rating_field], self[q.text_field]) for q in QUESTIONS]

    def answer_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "point": data["point"],
            "ratings": {q.key: data.get(q.rating_field) for q in QUESTIONS},
            "texts": {q.key: data.get(q.text_field, "") for q in QUESTIONS},
            "message": data.get("message", ""),
            "shared": data.get("shared", False),
        }
