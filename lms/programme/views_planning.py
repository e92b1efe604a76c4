"""Coordinator pages for planning: a monthly series, an .ics import, programme versions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from lms.core.actions import perform
from lms.core.forms import apply_errors
from lms.core.permissions import permission_required

from . import ics_import, selectors, services
from .forms import NewVersionForm
from .forms_planning import ImportConfirmForm, ImportForm, SeriesForm, current_modules
from .models import Programme


def _created_message(count: int) -> str:
    return ngettext(
        "%(count)s kurstillfälle är skapat.",
        "%(count)s kurstillfällen är skapade.",
        count,
    ) % {"count": count}


def _skipped_message(skipped) -> str:
    days = ", ".join(f"{day.isoformat()} ({name})" for day, name in skipped)
    return _("Röda dagar och stängda dagar hoppades över: %(days)s.") % {"days": days}


def _preview_rows(sessions):
    """[[(date, ISO week)]] for the preview table."""
    return [[(day, day.isocalendar().week) for day in days] for days in sessions]


@login_required
@permission_required("programme.manage_sessions")
def session_series(request):
    """Create a monthly series; "Förhandsgranska" shows the dates without saving anything."""
    form = SeriesForm(request.POST or None)
    preview = None
    skipped = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = services.series_plan(
                form.rule(), calendar=services.series_calendar(by=request.user)
            )
            if "preview" in request.POST:
                preview = _preview_rows(plan.sessions)
                skipped = plan.skipped
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
                if plan.skipped:
                    messages.info(request, _skipped_message(plan.skipped))
                return redirect("programme:session_list")
    return render(
        request,
        "programme/series_form.html",
        {"form": form, "preview": preview, "skipped": skipped},
    )


@login_required
@permission_required("programme.manage_sessions")
def session_import(request):
    """Step one: upload a calendar file; a readable one is shown as a preview, unsaved."""
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        module = form.cleaned_data["module"]
        # One byte over the limit is enough for the parser to refuse the file.
        content = form.cleaned_data["file"].read(ics_import.MAX_IMPORT_BYTES + 1)
        try:
            events = ics_import.ics_events(content, today=timezone.localdate())
        except ValidationError as error:
            form.add_error("file", error)
        else:
            token = ics_import.preview_dumps(
                module_id=module.pk, events=events, user_id=request.user.pk
            )
            confirm = ImportConfirmForm(
                initial={"preview": token}, choices=[e.key for e in events if e.importable]
            )
            return _import_preview(request, module, events, confirm)
    limits = {"max_days": ics_import.MAX_EVENT_DAYS, "years": ics_import.YEARS_AROUND_TODAY}
    return render(request, "programme/import_form.html", {"form": form, **limits})


@login_required
@require_POST
@permission_required("programme.manage_sessions")
def session_import_confirm(request):
    """Step two: create draft sessions for the ticked events of the signed preview."""
    try:
        module_id, events = ics_import.preview_loads(
            request.POST.get("preview", ""), user_id=request.user.pk
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("programme:session_import")
    module = get_object_or_404(current_modules(), pk=module_id)
    form = ImportConfirmForm(request.POST, choices=[e.key for e in events if e.importable])
    if form.is_valid():
        data = form.cleaned_data
        chosen = [e for e in events if e.key in set(data["events"])]
        try:
            sessions = services.sessions_import_ics(
                by=request.user,
                module=module,
                events=chosen,
                capacity=data["capacity"],
                deadline_days_before=data["deadline_days_before"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            _imported_messages(request, created=len(sessions), skipped=len(chosen) - len(sessions))
            return redirect("programme:session_list")
    return _import_preview(request, module, events, form)


def _imported_messages(request, *, created: int, skipped: int) -> None:
    if created:
        messages.success(
            request,
            _created_message(created) + " " + _("De är utkast tills du publicerar dem."),
        )
    if skipped:
        messages.info(
            request,
            ngettext(
                "%(count)s händelse var redan importerad och hoppades över.",
                "%(count)s händelser var redan importerade och hoppades över.",
                skipped,
            )
            % {"count": skipped},
        )


def _import_preview(request, module, events, form):
    imported = selectors.imported_ics_uids(module_id=module.pk, uids=[e.key for e in events])
    ticked = set(form["events"].value() or []) if form.is_bound else None
    rows = [_event_row(event, imported, ticked) for event in events]
    return render(
        request,
        "programme/import_preview.html",
        {
            "form": form,
            "module": module,
            "rows": rows,
            "selectable": sum(1 for row in rows if row["selectable"]),
        },
    )


def _event_row(event, imported: set[str], ticked: set[str] | None) -> dict:
    """One event of the preview: its days with ISO weeks, and whether it can be chosen."""
    already = event.key in imported
    selectable = event.importable and not already
    return {
        "event": event,
        "already": already,
        "selectable": selectable,
        "checked": selectable and (ticked is None or event.key in ticked),
        "days": [(d.date, d.start, d.end, d.date.isocalendar().week) for d in event.days],
        "first_week": event.first.isocalendar().week if event.first else None,
        "last_week": event.last.isocalendar().week if event.last else None,
    }


@login_required
@permission_required("programme.manage_programme")
def programme_versions(request):
    versions = selectors.programme_versions()
    current = next((v for v in versions if v.is_current), None)
    form = NewVersionForm(request.POST or None)
    if request.method == "POST" and current is None:
        messages.error(request, _("Det finns ingen gällande version att kopiera."))
    elif request.method == "POST" and form.is_valid():
        try:
            copy = services.programme_new_version(
                programme=current, by=request.user, valid_from=form.cleaned_data["valid_from"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("Version %(version)s är skapad. Den börjar gälla när du väljer det.")
                % {"version": copy.version},
            )
            return redirect("programme:programme_versions")
    return render(
        request,
        "programme/programme_versions.html",
        {"versions": versions, "current": current, "form": form},
    )


@login_required
@require_POST
@permission_required("programme.manage_programme")
def programme_make_current(request, pk: int):
    programme = get_object_or_404(Programme, pk=pk)
    perform(
        request,
        lambda: services.programme_make_current(programme=programme, by=request.user),
        _("Version %(version)s gäller nu.") % {"version": programme.version},
    )
    return redirect("programme:programme_versions")
