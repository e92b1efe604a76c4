import hashlib
import logging

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.functional import SimpleLazyObject

from lms.core.permissions import require
from lms.documents import figures_report

from . import export
from .documents import figures_report_document
from .forms import FiguresForm, presets
from .rules import sees_every_unit
from .selectors import figures, periods, scopes

logger = logging.getLogger(__name__)


def _form(request) -> FiguresForm:
    require(request, "reports.view_figures")
    data = request.GET or FiguresForm.initial_for(request.user) | {"breakdown": ""}
    return FiguresForm(FiguresForm.with_default_period(data, request.user), viewer=request.user)


def _period_chosen(request) -> bool:
    return bool(request.GET.get("start") or request.GET.get("end"))


def _question(request, form: FiguresForm) -> dict:
    data = form.cleaned_data
    question = {
        "scope": form.chosen_scope,
        "start": data["start"],
        "end": data["end"],
        "breakdown": data["breakdown"],
    }
    # Who looked at which figures: the audit trail for aggregate reports.
    logger.info(
        "follow-up produced user=%s scope=%s start=%s end=%s breakdown=%s",
        request.user.pk,
        question["scope"].key,
        question["start"],
        question["end"],
        question["breakdown"] or "-",
    )
    return question


def _report(request, form: FiguresForm):
    return figures.figures_for(viewer=request.user, **_question(request, form))


@login_required
def figures_page(request):
    form = _form(request)
    context = {
        "form": form,
        "report": None,
        "presets": presets(timezone.localdate()),
        "scope_key": form.data.get("scope", ""),
        "breakdown": form.data.get("breakdown", ""),
        "same_cells": periods.SAME_CELLS,
    }
    if form.is_valid():
        question = _question(request, form)
        today = timezone.localdate()
        # Read only when the page's cached figures are missing, or to name people: a
        # second look by HR costs no unpickling of the figures.
        figures_key = figures.figures_key(**question, today=today)
        # The menus differ by who asks: everyone who sees every unit shares them.
        menus = "all" if sees_every_unit(request.user) else request.user.managed_unit_ids
        asked = hashlib.sha256(f"{request.GET.urlencode()}|{sorted(menus)}".encode())
        context |= {
            "question": question,
            "today": today,
            "counting_note": periods.counting_note(periods.as_of(today)),
            "default_period": not _period_chosen(request),
            "figures_key": figures_key,
            "page_key": f"{figures_key}:{asked.hexdigest()[:16]}",
            "names": scopes.sees_names(request.user, question["scope"]),
            "report": SimpleLazyObject(
                lambda: figures.figures_for(viewer=request.user, **question, today=today)
            ),
        }
    return render(request, "reports/figures.html", context)


def _invalid(request, form: FiguresForm):
    """A download asked for with bad input: the form with the reasons, as a 400."""
    return render(
        request,
        "reports/figures.html",
        {
            "form": form,
            "report": None,
            "presets": presets(timezone.localdate()),
            "same_cells": periods.SAME_CELLS,
        },
        status=400,
    )


def _filename(report, extension: str) -> str:
    return f"uppfoljning-{report.start.isoformat()}-{report.end.isoformat()}.{extension}"


@login_required
def figures_csv(request):
    form = _form(request)
    if not form.is_valid():
        return _invalid(request, form)
    question = _question(request, form)
    today = timezone.localdate()

    def csv_bytes() -> bytes:
        return export.to_csv(figures.figures_for(viewer=request.user, **question, today=today))

    if scopes.sees_names(request.user, question["scope"]):
        content = csv_bytes()
    else:  # figures only: the same file for everyone, kept with the figures
        content = figures.cached_csv(**question, today=today, build=csv_bytes)
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    name = f"uppfoljning-{question['start'].isoformat()}-{question['end'].isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    # As the PDF: a manager's copy names their newcomers.
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
def figures_pdf(request):
    """The same figures as the page, as a report for the steering group."""
    form = _form(request)
    if not form.is_valid():
        return _invalid(request, form)
    report = _report(request, form)
    response = HttpResponse(
        figures_report.render(figures_report_document(report)), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(report, "pdf")}"'
    # A manager's copy names their newcomers: no shared cache or browser disk keeps it.
    patch_cache_control(response, private=True, no_store=True)
    return response
