import logging

import rules
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_cache_control

from lms.documents import followup as followup_print

from . import export, selectors
from .documents import followup_document
from .forms import FollowUpForm, presets

logger = logging.getLogger(__name__)


def _form(request) -> FollowUpForm:
    # django-rules directly: User.has_perm would let a superuser through every rule.
    if not rules.has_perm("reports.view_followup", request.user):
        raise PermissionDenied
    if request.GET:
        return FollowUpForm(request.GET, viewer=request.user)
    return FollowUpForm(
        FollowUpForm.initial_for(request.user) | {"breakdown": ""}, viewer=request.user
    )


def _report(request, form: FollowUpForm):
    data = form.cleaned_data
    report = selectors.followup(
        viewer=request.user,
        scope=form.chosen_scope,
        start=data["start"],
        end=data["end"],
        breakdown=data["breakdown"],
    )
    # Who looked at which figures: the audit trail for aggregate reports.
    logger.info(
        "follow-up produced user=%s scope=%s start=%s end=%s breakdown=%s",
        request.user.pk,
        report.scope.key,
        report.start,
        report.end,
        report.breakdown or "-",
    )
    return report


@login_required
def followup(request):
    form = _form(request)
    report = _report(request, form) if form.is_valid() else None
    return render(
        request,
        "reports/followup.html",
        {
            "form": form,
            "report": report,
            "presets": presets(timezone.localdate()),
            "scope_key": form.data.get("scope", ""),
            "breakdown": form.data.get("breakdown", ""),
        },
    )


def _invalid(request, form: FollowUpForm):
    """A download asked for with bad input: the form with the reasons, as a 400."""
    return render(
        request,
        "reports/followup.html",
        {"form": form, "report": None, "presets": presets(timezone.localdate())},
        status=400,
    )


def _filename(report, extension: str) -> str:
    return f"uppfoljning-{report.start.isoformat()}-{report.end.isoformat()}.{extension}"


@login_required
def followup_csv(request):
    form = _form(request)
    if not form.is_valid():
        return _invalid(request, form)
    report = _report(request, form)
    response = HttpResponse(export.to_csv(report), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(report, "csv")}"'
    # As the PDF: a manager's copy names their newcomers.
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
def followup_pdf(request):
    """The same follow-up as the page, as a report for the steering group."""
    form = _form(request)
    if not form.is_valid():
        return _invalid(request, form)
    report = _report(request, form)
    response = HttpResponse(
        followup_print.render(followup_document(report)), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(report, "pdf")}"'
    # A manager's copy names their newcomers: no shared cache or browser disk keeps it.
    patch_cache_control(response, private=True, no_store=True)
    return response
