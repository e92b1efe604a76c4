"""How a view hands a request to a service and tells the person what came of it.

A service refuses with a ValidationError in Swedish; a view shows that refusal and never
a 500. A button press (no form to show it on) gets it as an error message; a form page
gets it on the form, next to the field it names, and is drawn again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect

from .forms import apply_errors

Done = str | Callable[[Any], str]


def _say(done: Done, result: Any) -> str:
    # A message that names what the service made can only be written afterwards.
    return done(result) if callable(done) else done


def perform(request, action: Callable[[], Any], done: Done) -> bool:
    """Run a button's service call: a refusal becomes an error message, a success says
    `done`. True when the service went through."""
    try:
        result = action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    messages.success(request, _say(done, result))
    return True


def submit(request, form, save: Callable[[dict], Any], *, done: Done, then: Callable[[Any], Any]):
    """Post a valid form to its service and redirect to `then(result)`; None (draw the
    page again) on a GET, an invalid form or a refusal, which then stands on the form."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = save(form.cleaned_data)
    except ValidationError as error:
        apply_errors(form, error)
        return None
    messages.success(request, _say(done, result))
    return redirect(then(result))
