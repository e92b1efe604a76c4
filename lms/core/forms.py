from django import forms
from django.core.exceptions import ValidationError

from .bounds import DateWindow


def apply_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: by field where it names one the
    form has, otherwise at the top, so no message from a service is ever lost."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class DateInput(forms.DateInput):
    """The browser's date picker. Given a window, it offers only the days in it: the
    limits are read when the page is drawn, since "ten years from today" moves."""

    input_type = "date"

    def __init__(self, *, window: DateWindow | None = None, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)
        self.window = window

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if self.window is not None:
            first, last = self.window.bounds()
            widget_attrs = context["widget"]["attrs"]
            widget_attrs.setdefault("min", first.isoformat())
            widget_attrs.setdefault("max", last.isoformat())
        return context


class BoundedDateField(forms.DateField):
    """A date that must lie in `window` (lms.core.bounds), with the window's Swedish
    message; the services check the same window."""

    def __init__(self, *, window: DateWindow, **kwargs):
        kwargs.setdefault("widget", DateInput)
        super().__init__(**kwargs)
        self.window = window
        self.widget.window = window
        self.validators.append(window)
