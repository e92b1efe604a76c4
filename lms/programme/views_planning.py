"""Coordinator pages for planning many sessions at once: a monthly series, an .ics import."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import ngettext

from lms.core.forms import apply_errors

from . import services
from .forms_planning import ImportForm, SeriesForm


def _require_coordinator(request) -> None:
    if not request.user.has_perm("programme.manage_sessions"):
        raise PermissionDenied


def _created_message(count: int) -> str:
    return ngettext(
        "%(count)s kurstillfälle är skapat.",
        "%(count)s kurstillfällen är skapade.",
        count,
    ) % {"count": count}


def _preview_rows(sessions):
    """[[(date, ISO week)]] for the preview table."""
    return [[(day, day.isocalendar().week) for day in days] for days in sessions]


@login_required
def session_series(request):
    """Create a monthly series; "Förhandsgranska" shows the dates without saving anything."""
    _require_coordinator(request)
    form = SeriesForm(request.POST or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if "preview" in request.POST:
                preview = _preview_rows(services.series_dates(form.rule()))
            else:
                sessions = services.session_series_create(
                    by=request.user,
                    module=data["module"],
                    rule=form.rule(),
                    capacity=data["capacity"],
                    deadline_days_before=data["deadline_days_before"],
                    place=data["place"],
                    online_url=data["online_url"],
                    trainers=data["trainers"],
                    publish=data["publish"],
                )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if preview is None:
                messages.success(request, _created_message(len(sessions)))
                return redirect("programme:session_list")
    return render(request, "programme/series_form.html", {"form": form, "preview": preview})


@login_required
def session_import(request):
    """Create one session per event of an uploaded .ics file; any error saves nothing."""
    _require_coordinator(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # One byte over the limit is enough for the service to refuse the file.
        content = data["file"].read(services.MAX_IMPORT_BYTES + 1)
        try:
            sessions = services.sessions_import_ics(
                by=request.user,
                module=data["module"],
                data=content,
                capacity=data["capacity"],
                publish=data["publish"],
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):  # about the file's content
                error = ValidationError({"file": error.messages})
            apply_errors(form, error)
        else:
            messages.success(request, _created_message(len(sessions)))
            return redirect("programme:session_list")
    return render(request, "programme/import_form.html", {"form": form})
