from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lms.core.actions import submit
from lms.core.forms import apply_errors
from lms.core.permissions import permission_required, require

from . import selectors, services
from .forms import (
    AppointForm,
    ChangeRequestForm,
    CloseRequestForm,
    EndForm,
    FitForm,
    LanguageFilterForm,
    PairForm,
    ProfileForm,
)
from .models import Fit
from .rules import owns_pairing


def _profile_values(profile) -> dict:
    return {
        "capacity": profile.capacity,
        "available_from": profile.available_from,
        "available_until": profile.available_until,
        "languages": profile.languages,
    }


# -- the pool ------------------------------------------------------------------------


@login_required
@permission_required("mentoring.view_pool")
def pool(request):
    today = timezone.localdate()
    user = request.user
    # Read only when the cached table is made afresh (see pool.html).
    profiles = SimpleLazyObject(lambda: selectors.pool_rows(viewer=user, day=today))
    return render(request, "mentoring/pool.html", {"profiles": profiles, "today": today})


@login_required
@permission_required("mentoring.view_pool")
def appoint(request):
    form = AppointForm(
        request.POST or None, people=selectors.appointable_people(viewer=request.user)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = data.pop("person")
        try:
            services.mentor_appoint(person=person, by=request.user, **data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("%(name)s är med i mentorspoolen.") % {"name": person})
            return redirect("mentoring:pool")
    return render(request, "mentoring/appoint.html", {"form": form})


@login_required
def profile_edit(request, pk: int):
    """A manager changes a mentor's capacity, availability or languages."""
    profile = selectors.profile_get(viewer=request.user, pk=pk, day=timezone.localdate())
    require(request, "mentoring.change_profile", profile)
    form = ProfileForm(request.POST or None, initial=_profile_values(profile))
    if request.method == "POST" and form.is_valid():
        try:
            services.mentor_profile_update(profile=profile, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Mentorsprofilen är ändrad."))
            return redirect("mentoring:pool")
    return render(request, "mentoring/profile_edit.html", {"form": form, "profile": profile})


@login_required
@require_POST
def profile_leave(request, pk: int):
    today = timezone.localdate()
    own = selectors.own_profile(person=request.user, day=today)
    if own is not None and own.pk == pk:
        profile, back = own, "mentoring:me"
    else:
        profile, back = (
            selectors.profile_get(viewer=request.user, pk=pk, day=today),
            "mentoring:pool",
        )
    services.mentor_leave(profile=profile, by=request.user)
    messages.success(
        request,
        _("%(name)s föreslås inte längre som mentor. Pågående mentorskap fortsätter.")
        % {"name": profile.user},
    )
    return redirect(back)


def _mentees(mentor, today) -> list:
    """The mentor's running pairings, each with its "is this a good fit?" form."""
    mentees = selectors.mentee_pairings(mentor=mentor)
    for pairing in mentees:
        mine = pairing.my_fit[0] if pairing.my_fit else None
        pairing.fit_form = FitForm(
            initial={"answer": mine.answer if mine else None},
            prefix=f"fit-{pairing.pk}",
            about=_("Passar det bra med %(name)s?") % {"name": pairing.newcomer},
        )
        pairing.my_answer = mine
        pairing.can_answer = pairing.starts_on <= today
    return mentees


@login_required
def me(request):
    """The person's own mentoring: join or update their place in the pool, and their
    mentees with the "is this a good fit?" question.

    The page is a fragment cached per person under the mentoring, people and plans
    versions and the day, so a warm GET reads nothing but the session and the user;
    the data below is lazy and read only when the fragment is made afresh. A form that
    came back with errors is never cached."""
    today = timezone.localdate()
    user = request.user
    bound = request.method == "POST"
    if bound:
        profile = selectors.own_profile(person=user, day=today)
        initial = _profile_values(profile) if profile else {}
        form = ProfileForm(request.POST or None, initial=initial)
        if form.is_valid():
            try:
                if profile is not None and profile.is_active:
                    services.mentor_profile_update(profile=profile, by=user, **form.cleaned_data)
                    done = _("Din mentorsprofil är sparad.")
                else:
                    services.mentor_volunteer(by=user, **form.cleaned_data)
                    done = _("Tack! Du är med i mentorspoolen.")
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, done)
                return redirect("mentoring:me")
    else:
        profile = SimpleLazyObject(lambda: selectors.own_profile(person=user, day=today))
        form = SimpleLazyObject(
            lambda: ProfileForm(initial=_profile_values(profile) if profile else {})
        )
    can_volunteer = user.has_perm("mentoring.volunteer")
    mentees = SimpleLazyObject(lambda: _mentees(user, today))
    return render(
        request,
        "mentoring/me.html",
        {
            "profile": profile,
            "form": form,
            "bound": bound,
            "mentees": mentees,
            "can_volunteer": can_volunteer,
            "today": today,
        },
    )


# -- pairing a newcomer --------------------------------------------------------------


@login_required
def newcomer(request, pk: int):
    """The pairing page for one newcomer: the current mentor, ranked suggestions with a
    one-click pick, earlier pairings and open requests for a new mentor."""
    person = selectors.newcomer_get(viewer=request.user, pk=pk)
    require(request, "mentoring.pair", person)
    today = timezone.localdate()
    plan = selectors.active_plan(newcomer=person)
    current = selectors.running_pairing(newcomer=person)
    starts_on = services.default_start(newcomer=person, plan=plan, today=today)
    form = PairForm(
        request.POST or None,
        initial={"starts_on": starts_on, "planned_ends_on": services.default_end(starts_on)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            pairing = services.pairing_create(newcomer=person, by=request.user, **data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "%(mentor)s är mentor för %(newcomer)s från %(date)s. Mentorn får ett "
                    "e-postmeddelande."
                )
                % {
                    "mentor": pairing.mentor,
                    "newcomer": person,
                    "date": pairing.starts_on.isoformat(),
                },
            )
            return redirect("mentoring:newcomer", pk=person.pk)
    if form.is_bound and form.is_valid():
        starts_on = form.cleaned_data["starts_on"]
    filters = LanguageFilterForm(request.GET or None)
    language = filters.cleaned_data["language"] if filters.is_valid() else ""
    history = selectors.pairing_history(newcomer=person)
    return render(
        request,
        "mentoring/newcomer.html",
        {
            "person": person,
            "plan": plan,
            "current": current,
            "form": form,
            "filters": filters,
            "suggestions": selectors.suggestions(
                newcomer=person, start_date=starts_on, plan=plan, current=current, language=language
            ),
            # The running pairing with its fit answers, and the ended ones below it.
            "current_with_answers": next((p for p in history if p.pk == current.pk), None)
            if current
            else None,
            "earlier_pairings": [p for p in history if p.ended_on],
            "open_request": selectors.open_request(newcomer=person),
            "starts_on": starts_on,
            "today": today,
        },
    )


@login_required
def pairing_end(request, pk: int):
    """A page that says who is told and asks why; the post ends the pairing."""
    pairing = selectors.pairing_get(viewer=request.user, pk=pk)
    if pairing.ended_on is not None and owns_pairing(request.user, pairing):
        # A second click on the button: the first ended it, and told the mentor once.
        messages.info(request, _("Mentorskapet är redan avslutat."))
        return redirect("mentoring:newcomer", pk=pairing.newcomer_id)
    require(request, "mentoring.end_pairing", pairing)
    form = EndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.pairing_end(pairing=pairing, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Mentorskapet är avslutat."))
            return redirect("mentoring:newcomer", pk=pairing.newcomer_id)
    return render(request, "mentoring/pairing_end.html", {"form": form, "pairing": pairing})


# -- the newcomer's and the mentor's side --------------------------------------------


def _after_fit(request, pairing) -> str:
    if pairing.mentor_id == request.user.pk:
        return reverse("mentoring:me")
    return reverse("mentoring:fit", args=[pairing.pk])


@login_required
def fit(request, pk: int):
    """ "Is this a good fit?" for the newcomer or the mentor of a running pairing."""
    pairing = selectors.pairing_get(viewer=request.user, pk=pk)
    require(request, "mentoring.answer_fit", pairing)
    mine = selectors.own_fit(pairing=pairing, person=request.user)
    is_newcomer = pairing.newcomer_id == request.user.pk
    other = pairing.mentor if is_newcomer else pairing.newcomer
    prefix = f"fit-{pairing.pk}"
    form = FitForm(
        request.POST or None,
        initial={"answer": mine.answer if mine else None},
        prefix=prefix,
        about=_("Passar det bra med %(name)s?") % {"name": other},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.fit_answer(pairing=pairing, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Tack för ditt svar. Du kan ändra det när du vill."))
            return redirect(_after_fit(request, pairing))
    return render(
        request,
        "mentoring/fit.html",
        {
            "pairing": pairing,
            "form": form,
            "mine": mine,
            "other": other,
            "is_newcomer": is_newcomer,
            "not_good": bool(mine and mine.answer == Fit.NOT_GOOD),
            "open_request": selectors.open_request(newcomer=request.user) if is_newcomer else None,
            "today": timezone.localdate(),
        },
    )


@login_required
def change_request(request, pk: int):
    """The newcomer asks their manager for a new mentor."""
    pairing = selectors.pairing_get(viewer=request.user, pk=pk)
    require(request, "mentoring.request_change", pairing)
    found = selectors.open_request(newcomer=request.user)
    form = ChangeRequestForm(
        request.POST or None, initial={"message": found.message if found else ""}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.change_request_create(pairing=pairing, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Din chef har fått din begäran om en ny mentor. Din mentor får inte veta "
                    "något om den."
                ),
            )
            return redirect("mentoring:fit", pk=pairing.pk)
    return render(
        request, "mentoring/change_request.html", {"form": form, "pairing": pairing, "found": found}
    )


@login_required
def request_close(request, pk: int):
    found = selectors.request_get(viewer=request.user, pk=pk)
    require(request, "mentoring.resolve_request", found)
    form = CloseRequestForm(request.POST or None)
    if response := submit(
        request,
        form,
        lambda data: services.change_request_close(request=found, by=request.user, **data),
        done=_("Begäran är avslutad utan ny mentor."),
        then=lambda _result: reverse("mentoring:newcomer", args=[found.newcomer_id]),
    ):
        return response
    return render(request, "mentoring/request_close.html", {"form": form, "found": found})
