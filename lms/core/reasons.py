"""Why an act that affects others was done: the text a confirmation page asks for.

One rule for every such reason (a cancelled session, someone else's booking, a removed
plan item, a revoked certificate), checked by the services that store it and by the
form that asks for it, so a reason is bounded and storable wherever it comes from.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

#: Long enough for a few sentences to the people told, short enough for an e-mail line.
REASON_MAX = 1000


def clean_reason(value: str | None, *, required: bool) -> str:
    """The reason, stripped; a Swedish ValidationError on the field "reason" when it is
    missing but required, too long, or holds NUL (PostgreSQL cannot store it)."""
    reason = (value or "").strip()
    if "\x00" in reason:
        raise ValidationError({"reason": _("Anledningen innehåller otillåtna tecken.")})
    if required and not reason:
        raise ValidationError({"reason": _("Skriv varför.")})
    if len(reason) > REASON_MAX:
        raise ValidationError(
            {"reason": _("Anledningen får vara högst %(max)s tecken.") % {"max": REASON_MAX}}
        )
    return reason


class ReasonForm(forms.Form):
    """The confirmation form: a reason, required where others are told."""

    reason = forms.CharField(
        label=gettext_lazy("Anledning"),
        required=False,
        # No max_length and no strip: clean_reason gives the one Swedish message for
        # each fault, and Django's NUL validator would answer in its own words first.
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": REASON_MAX}),
    )

    def __init__(self, *args, required: bool = True, help_text: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.reason_required = required
        field = self.fields["reason"]
        field.validators = []  # the NUL validator; clean_reason refuses NUL instead
        field.help_text = help_text
        if required:
            field.widget.attrs["required"] = True
        else:
            field.label = gettext_lazy("Anledning (frivillig)")

    def clean_reason(self) -> str:
        try:
            return clean_reason(self.cleaned_data.get("reason"), required=self.reason_required)
        except ValidationError as error:
            raise ValidationError(error.message_dict["reason"]) from None
