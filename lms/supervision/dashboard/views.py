"""Pages of the supervision dashboard: the dashboard, a newcomer's weeks and absences,
and HR's counts per unit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from lms.core.forms import apply_errors
from lms.core.permissions import permission_required

from ..compliance import RECENT_WEEKS, monday_of
from . import absences, selectors
from .forms import AbsenceForm


@login_required
@require_safe
def dashboard_view(request):
    # The cards are a fragment cached under the data versions, the day and the turn
    # (see selectors.cached_rows); the rows are read only when it is built.
    cached = selectors.cached_rows(viewer=request.user)
    rows = cached.rows
    return render(
        request,
        "supervision/dashboard.html",
        {
            "helped": SimpleLazyObject(lambda: [r for r in rows if r.is_helper]),
            "managed": SimpleLazyObject(lambda: [r for r in rows if not r.is_helper]),
            "recent_weeks": RECENT_WEEKS,
            "today": cached.today,
            "turn": cached.turn,
        },
    )


@login_required
def newcomer(request, pk: int):
    """The newcomer's weeks of the first year and their absences; POST marks one."""
    view = selectors.newcomer_view(viewer=request.user, pk=pk)
    form = AbsenceForm(request.POST or None)
    if request.method == "POST":
        if not view.can_mark:
            raise PermissionDenied
        if form.is_valid():
            try:
                absences.absence_mark(
                    newcomer=view.plan.newcomer, by=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Frånvaron är markerad."))
                return redirect(reverse("supervision:newcomer", args=[pk]) + "#absences")
    return render(
        request,
        "supervision/newcomer.html",
        {
            "view": view,
            "row": view.row,
            "plan": view.plan,
            "form": form,
            "this_monday": monday_of(timezone.localdate()).isoformat(),
        },
    )


@login_required
@require_POST
def absence_remove(request, pk: int):
    absence = selectors.absence_get(viewer=request.user, pk=pk)
    absences.absence_remove(absence=absence, by=request.user)
    messages.success(request, _("Frånvaron är borttagen."))
    return redirect(reverse("supervision:newcomer", args=[absence.newcomer_id]) + "#absences")


@login_required
@require_safe
@permission_required("supervision.view_figures")
def figures(request):
    today = timezone.localdate()
    return render(
        request,
        "supervision/figures.html",
        {"figures": selectors.cached_unit_figures(today=today), "today": today},
    )
