from django import forms
from django.utils.translation import gettext_lazy as _

from .parsing import MAX_BYTES


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fil från HR-systemet"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )
    full = forms.BooleanField(
        label=_("Fullständig export"),
        required=False,
        help_text=_(
            "Filen innehåller all personal. Den som saknas i filen markeras "
            "”saknas i senaste exporten” (ingen tas bort)."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "CSV (UTF-8 eller Windows-1252, komma eller semikolon) eller .xlsx, högst %(max)s MB."
        ) % {"max": MAX_BYTES // 1024 // 1024}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("Filen är för stor. Största tillåtna storlek är %(max)s MB.")
                % {"max": MAX_BYTES // 1024 // 1024}
            )
        return upload
