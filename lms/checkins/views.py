from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from lms.core.forms import apply_errors
from lms.core.permissions import permission_required
from lms.organisation.selectors import managers_of_unit

from . import selectors, services
from .forms import CheckInForm
from .models import PRIVATE_FIELDS, QUESTIONS


@login_required
def mine(request):
    """The newcomer's check-ins: the open one, and every answer given."""
    today = timezone.localdate()
    person = request.user
    return render(
        request,
        "checkins/checkin_mine.html",
        {
            # Lazy: read only when the page's content is not in the fragment cache.
            "open": SimpleLazyObject(lambda: selectors.open_checkin(person=person, today=today)),
            "history": SimpleLazyObject(lambda: selectors.own_history(person=person, today=today)),
            "today": today,
        },
    )


@login_required
def answer(request):
    found = selectors.open_checkin(person=request.user)
    if found is None:
        return render(request, "checkins/checkin_none.html")
    initial = {"point": found.point.months}
    if found.answer is not None:
        initial.update({name: getattr(found.answer, name) for name in PRIVATE_FIELDS})
        initial["shared"] = found.answer.shared
    form = CheckInForm(
        request.POST or None,
        initial=initial,
        managers=managers_of_unit(unit_id=found.plan.unit_id),
    )
    if request.method == "POST" and form.is_valid():
        try:
            checkin = services.checkin_answer(
                plan=found.plan, by=request.user, **form.answer_kwargs()
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("Tack! Dina svar är sparade och delade med din chef.")
                if checkin.shared
                else _("Tack! Dina svar är sparade. De är inte delade med din chef."),
            )
            return redirect("checkins:mine")
    context = {"form": form, "open": found, "editing": found.answer}
    return render(request, "checkins/checkin_form.html", context)


@login_required
@permission_required("checkins.view_overview")
def overview(request):
    today = timezone.localdate()
    user = request.user
    return render(
        request,
        "checkins/checkin_overview.html",
        {
            "units": SimpleLazyObject(lambda: selectors.overview(viewer=user, today=today)),
            "today": today,
        },
    )


@login_required
def plan_checkins(request, pk: int):
    """One newcomer's check-ins, for the manager: what they shared, and their messages."""
    plan = selectors.plan_followed_get(viewer=request.user, pk=pk)
    today = timezone.localdate()
    return render(
        request,
        "checkins/checkin_plan.html",
        {
            "plan": plan,
            "rows": selectors.plan_rows(plan=plan, viewer=request.user, today=today),
            "today": today,
        },
    )


@login_required
@permission_required("checkins.view_figures")
def figures(request):
    today = timezone.localdate()
    return render(
        request,
        "checkins/checkin_figures.html",
        {
            "periods": SimpleLazyObject(lambda: selectors.figures(today=today)),
            "questions": QUESTIONS,
            "today": today,
        },
    )
