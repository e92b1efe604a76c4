"""Pages of the session log: thin views over selectors and services.

A session is always fetched through `selectors.session_get`, the twin of
supervision.know_of_session, so a guessed id gives 404; what the viewer may then do or read
is asked of the rules. The private note is read only on the author's own page and form.
"""

from __future__ import annotations

from dataclasses import dataclass

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lms.accounts.models import User
from lms.core import bounds
from lms.core.actions import perform, submit
from lms.core.caching import cached_value
from lms.core.forms import apply_errors
from lms.core.permissions import permission_required, require

from . import selectors, services
from .forms import FollowUpForm, FollowUpFormSet, FollowUpPlanForm, ReflectionForm, SessionForm
from .models import Session

DEFAULT_MINUTES = 60


def _show_errors(form, error: ValidationError, formset_errors: list | None = None) -> None:
    """A service's errors on the form: the time on the date field, follow-ups beside the
    follow-up rows, the rest by field or at the top."""
    if hasattr(error, "error_dict"):
        if "starts_at" in error.error_dict:
            error.error_dict["date"] = error.error_dict.pop("starts_at")
        if "follow_ups" in error.error_dict and formset_errors is not None:
            formset_errors.extend(ValidationError(error.error_dict.pop("follow_ups")).messages)
        if not error.error_dict:
            return
    apply_errors(form, error)


def _follow_up_inputs(formset) -> list[services.FollowUpInput]:
    return [
        services.FollowUpInput(
            text=form.cleaned_data.get("text", ""),
            due_date=form.cleaned_data.get("due_date"),
            responsible=form.cleaned_data.get("responsible") or "newcomer",
            newcomer=form.cleaned_data.get("newcomer"),
        )
        for form in formset.forms
        if form.cleaned_data.get("text")
    ]


@dataclass(frozen=True)
class LogPerson:
    """Whom the log is narrowed to: what the page shows of them, and cheap to cache."""

    pk: int
    name: str

    def __str__(self) -> str:
        return self.name


def _log_newcomer(user: User, wanted: int) -> LogPerson | None:
    """The person `?newcomer=` names, if the viewer logs sessions with them or has
    sessions with them: a guessed id must not reveal a name."""
    visible = selectors.session_list(viewer=user).values("pk")
    person = (
        User.objects.filter(pk=wanted)
        .filter(
            Q(session_participations__session__in=visible)
            | Q(introduction_plans__in=selectors.loggable_plans(author=user).values("pk"))
        )
        .first()
    )
    return LogPerson(pk=person.pk, name=str(person)) if person else None


@login_required
def session_list(request):
    """My session log: sessions I wrote, was in, or (managers) that took place in my
    units, without contents. `?newcomer=<pk>` narrows it to one person.

    The list is a fragment cached per viewer, page and person under the supervision,
    plans and people versions; on a hit nothing is read (the person is cached too)."""
    user = request.user
    pk = bounds.whole_number(request.GET.get("newcomer"))
    newcomer = None
    if pk is not None:
        # False, not None, for "no one": cached_value builds again on None.
        newcomer = cached_value(
            "log-newcomer", pk, viewer=user, build=lambda: _log_newcomer(user, pk) or False
        )
        newcomer = newcomer or None
    number = bounds.whole_number(request.GET.get("page")) or 1
    page = SimpleLazyObject(
        lambda: selectors.session_page(
            viewer=user, newcomer=newcomer.pk if newcomer else None, page=number
        )
    )
    return render(
        request,
        "supervision/session_list.html",
        {
            "page": page,
            "page_number": number,
            "sessions": SimpleLazyObject(lambda: page.object_list),
            "newcomer": newcomer,
            "can_log": rules.has_perm("supervision.log_session", user),
            "now": timezone.now(),
        },
    )


@login_required
@permission_required("supervision.log_session")
def session_create(request):
    """The quick form. `?newcomer=<pk>` chooses the person and the kind that fits."""
    user = request.user
    plans = list(selectors.loggable_plans(author=user))
    by_newcomer = {str(p.newcomer_id): p for p in plans}
    chosen = by_newcomer.get(request.GET.get("newcomer", ""))
    if request.method == "POST":
        topic_plans = [
            by_newcomer[pk] for pk in request.POST.getlist("newcomers") if pk in by_newcomer
        ]
    else:
        topic_plans = [chosen] if chosen else []
    kinds = set()
    for plan in plans:
        kinds |= selectors.kinds_for(plan=plan, author=user)
    newcomers = User.objects.filter(pk__in=[p.newcomer_id for p in plans]).order_by(
        "first_name", "last_name", "pk"
    )
    now = timezone.localtime()
    form = SessionForm(
        request.POST or None,
        initial={
            "newcomers": [chosen.newcomer_id] if chosen else [],
            "status": Session.Status.HELD,
            "kind": selectors.default_kind(
                selectors.kinds_for(plan=chosen, author=user) if chosen else kinds
            ),
            "date": now.date(),
            "time": now.time().replace(second=0, microsecond=0),
            "duration_minutes": DEFAULT_MINUTES,
        },
        newcomers=newcomers,
        kinds=kinds,
        topics=selectors.topic_choices(plans=topic_plans),
    )
    formset = FollowUpFormSet(request.POST or None, prefix="fu", newcomers=newcomers)
    follow_up_errors: list[str] = []
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            session = services.session_log(
                by=user, follow_ups=_follow_up_inputs(formset), **form.service_values()
            )
        except ValidationError as error:
            _show_errors(form, error, follow_up_errors)
        else:
            messages.success(request, _("Tillfället är loggat."))
            return redirect("supervision:session_detail", pk=session.pk)
    return render(
        request,
        "supervision/session_form.html",
        {
            "form": form,
            "formset": formset,
            "follow_up_errors": follow_up_errors,
            "chosen": chosen,
            "has_newcomers": bool(plans),
            "show_topics": bool(topic_plans),
        },
    )


@login_required
def session_detail(request, pk: int):
    session = selectors.session_get(viewer=request.user, pk=pk)
    view = selectors.session_contents(session=session, viewer=request.user, with_note=True)
    now = timezone.now()
    return render(
        request,
        "supervision/session_detail.html",
        {
            "session": session,
            "view": view,
            "can_change": view.is_author and session.status != Session.Status.CANCELLED,
            "can_hold": view.is_author
            and session.status == Session.Status.PLANNED
            and session.starts_at <= now + services.CLOCK_SLACK,
            "can_cancel": view.is_author and session.status == Session.Status.PLANNED,
            "can_reflect": view.own is not None and session.status == Session.Status.HELD,
            "follow_up_form": FollowUpForm(newcomers=_attendee_people(session), prefix="new")
            if view.is_author and session.status != Session.Status.CANCELLED
            else None,
            "today": timezone.localdate(),
        },
    )


def _attendee_people(session):
    return User.objects.filter(pk__in=[a.newcomer_id for a in session.attendees.all()]).order_by(
        "first_name", "last_name", "pk"
    )


def _session_for_change(request, pk: int) -> Session:
    session = selectors.session_get(viewer=request.user, pk=pk)
    require(request, "supervision.edit_session", session)
    return session


@login_required
def session_edit(request, pk: int):
    user = request.user
    session = _session_for_change(request, pk)
    if session.status == Session.Status.CANCELLED:
        messages.error(request, _("Tillfället är inställt och kan inte ändras."))
        return redirect("supervision:session_detail", pk=session.pk)
    view = selectors.session_contents(session=session, viewer=user, with_note=True)
    attendees = list(session.attendees.all())
    plans = list(selectors.loggable_plans(author=user))
    kinds = {session.kind}
    for plan in plans:
        kinds |= selectors.kinds_for(plan=plan, author=user)
    people = {p.newcomer_id for p in plans} | {a.newcomer_id for a in attendees}
    newcomers = User.objects.filter(pk__in=people).order_by("first_name", "last_name", "pk")
    topic_plans = {a.plan_id for a in attendees if a.plan_id}
    local = timezone.localtime(session.starts_at)
    form = SessionForm(
        request.POST or None,
        initial={
            "newcomers": [a.newcomer_id for a in attendees],
            "status": session.status,
            "kind": session.kind,
            "date": local.date(),
            "time": local.time().replace(second=0, microsecond=0),
            "duration_minutes": session.duration_minutes,
            "place": session.place,
            "shared_summary": view.summary,
            "private_note": view.note,
            "topics": [t.pk for t in view.topics or []],
            "revision": session.revision,
        },
        newcomers=newcomers,
        kinds=kinds,
        topics=selectors.topic_choices(plans=topic_plans),
    )
    if request.method == "POST" and form.is_valid():
        values = form.service_values()
        revision = form.cleaned_data.get("revision")
        try:
            services.session_update(
                session=session,
                by=user,
                revision=revision if revision is not None else -1,
                **values,
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("Tillfället är ändrat."))
            return redirect("supervision:session_detail", pk=session.pk)
    return render(
        request,
        "supervision/session_edit.html",
        {"form": form, "session": session, "show_topics": bool(topic_plans)},
    )


@login_required
def session_cancel(request, pk: int):
    """A page that asks first; the post cancels (the session stays, marked cancelled)."""
    session = _session_for_change(request, pk)
    error = None
    if request.method == "POST":
        try:
            services.session_cancel(session=session, by=request.user)
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            messages.success(request, _("Tillfället är inställt."))
            return redirect("supervision:session_detail", pk=session.pk)
    return render(request, "supervision/session_cancel.html", {"session": session, "error": error})


@login_required
@require_POST
def session_held(request, pk: int):
    session = _session_for_change(request, pk)
    perform(
        request,
        lambda: services.session_mark_held(session=session, by=request.user),
        _("Tillfället är markerat som genomfört."),
    )
    return redirect("supervision:session_detail", pk=session.pk)


@login_required
def session_reflection(request, pk: int):
    """The newcomer's own reflection on a session they were in."""
    session = selectors.session_get(viewer=request.user, pk=pk)
    require(request, "supervision.reflect_on_session", session)
    view = selectors.session_contents(session=session, viewer=request.user)
    form = ReflectionForm(
        request.POST or None, initial={"reflection": view.own.reflection if view.own else ""}
    )
    if response := submit(
        request,
        form,
        lambda data: services.session_reflect(
            session=session, by=request.user, reflection=data["reflection"]
        ),
        done=_("Din reflektion är sparad."),
        then=lambda _result: _back(request, session),
    ):
        return response
    return render(
        request,
        "supervision/session_reflection.html",
        {"form": form, "session": session, "view": view},
    )


def _back(request, session) -> str:
    """Where to go after an action: the page it was made from (the plan), else the
    session's page."""
    target = request.POST.get("next", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("supervision:session_detail", args=[session.pk])


# -- follow-ups -----------------------------------------------------------------------------


@login_required
@require_POST
def follow_up_add(request, pk: int):
    session = _session_for_change(request, pk)
    form = FollowUpForm(request.POST, newcomers=_attendee_people(session), prefix="new")
    if form.is_valid():
        try:
            services.follow_up_add(
                session=session,
                by=request.user,
                follow_up=services.FollowUpInput(
                    text=form.cleaned_data["text"],
                    due_date=form.cleaned_data["due_date"],
                    responsible=form.cleaned_data["responsible"],
                    newcomer=form.cleaned_data.get("newcomer"),
                ),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Uppföljningen är tillagd."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect(reverse("supervision:session_detail", args=[session.pk]) + "#follow-ups")


@login_required
@require_POST
def follow_up_done(request, pk: int):
    follow_up = selectors.follow_up_get(viewer=request.user, pk=pk)
    undo = request.POST.get("undo") == "1"
    service = services.follow_up_reopen if undo else services.follow_up_complete
    perform(
        request,
        lambda: service(follow_up=follow_up, by=request.user),
        (_("”%(text)s” är öppnad igen.") if undo else _("”%(text)s” är klar."))
        % {"text": follow_up.text},
    )
    return redirect(_back(request, follow_up.session))


@login_required
@require_POST
def follow_up_plan_item(request, pk: int):
    follow_up = selectors.follow_up_get(viewer=request.user, pk=pk)
    require(request, "supervision.plan_follow_up", follow_up)
    form = FollowUpPlanForm(request.POST)
    due = form.cleaned_data["due_date"] if form.is_valid() else None
    perform(
        request,
        lambda: services.follow_up_to_plan(follow_up=follow_up, by=request.user, due_date=due),
        lambda item: (
            _("”%(title)s” är nu en punkt i planen för %(name)s.")
            % {"title": item.title, "name": follow_up.newcomer}
        ),
    )
    return redirect(_back(request, follow_up.session))
