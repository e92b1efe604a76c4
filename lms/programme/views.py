import csv
import datetime
import io

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from lms.accounts.models import Role
from lms.core.actions import perform, submit
from lms.core.forms import apply_errors
from lms.core.permissions import permission_required, require
from lms.core.reasons import ReasonForm
from lms.documents import attendance as attendance_pdf
from lms.organisation.models import Municipality

from . import selectors, services
from .forms import (
    AttendanceForm,
    CapacityForm,
    CopyForm,
    EvaluationForm,
    MoveForm,
    NominateForm,
    SessionEditForm,
    SessionForm,
)
from .models import Enrolment

# -- coordinator pages --------------------------------------------------------------


@login_required
@permission_required("programme.manage_sessions")
def session_list(request):
    show_past = request.GET.get("past") == "1"
    sessions = selectors.cached_session_rows(
        viewer=request.user, kind="all", upcoming_only=not show_past
    )
    return render(
        request,
        "programme/session_list.html",
        {"sessions": sessions, "show_past": show_past, "today": timezone.localdate()},
    )


def _session_url(session) -> str:
    return reverse("programme:session_detail", args=[session.pk])


def _month(value: str) -> datetime.date | None:
    """'2026-11' → 2026-11-01; anything else → None."""
    try:
        parsed = datetime.datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        return None
    return parsed if 2000 <= parsed.year <= 2100 else None


@login_required
@permission_required("programme.manage_sessions")
def session_calendar(request):
    today = timezone.localdate()
    month = today.replace(day=1)
    asked = request.GET.get("month", "")
    if asked:
        parsed = _month(asked)
        month = parsed or month
        if parsed is None:
            messages.error(
                request,
                _("Månaden ska skrivas som ÅÅÅÅ-MM, till exempel 2027-03. Här är den här månaden."),
            )
    previous = (month - datetime.timedelta(days=1)).replace(day=1)
    following = (month + datetime.timedelta(days=32)).replace(day=1)
    # Lazy: read only when the rendered month is not in the fragment cache.
    weeks = SimpleLazyObject(
        lambda: selectors.month_calendar(viewer=request.user, year=month.year, month=month.month)
    )
    return render(
        request,
        "programme/session_calendar.html",
        {
            "month": month,
            "previous": previous,
            "following": following,
            "weeks": weeks,
            "today": today,
            "has_sessions": SimpleLazyObject(
                lambda: any(day.entries for week in weeks for day in week.days)
            ),
        },
    )


@login_required
@permission_required("programme.manage_sessions")
def session_create(request):
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = services.session_create(
                by=request.user,
                module=data["module"],
                days=data["days"],
                capacity=data["capacity"],
                booking_deadline=data["booking_deadline"],
                place=data["place"],
                online_url=data["online_url"],
                trainers=data["trainers"],
                notes=data["notes"],
                publish=data["publish"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Kurstillfället är skapat."))
            return redirect("programme:session_detail", pk=session.pk)
    return render(request, "programme/session_form.html", {"form": form})


@login_required
@permission_required("programme.manage_sessions")
def session_edit(request, pk: int):
    session = selectors.session_get(viewer=request.user, pk=pk)
    if session.status == session.Status.CANCELLED:
        messages.info(request, _("Ett inställt kurstillfälle kan inte ändras."))
        return redirect("programme:session_detail", pk=session.pk)
    form = SessionEditForm(request.POST or None, session=session)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.session_update(
                session=session,
                by=request.user,
                days=data["days"],
                **{name: data[name] for name in form.edit_fields},
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Kurstillfället är ändrat. De anmälda får ett meddelande."))
            return redirect("programme:session_detail", pk=session.pk)
    return render(request, "programme/session_form.html", {"form": form, "session": session})


def _detail_context(request, session, nominate_form=None) -> dict:
    user = request.user
    context = {"session": session, "days": list(session.days.all())}
    if rules.has_perm("programme.view_participants", user):
        rows = selectors.participants(session=session)
        context["participants"] = [e for e in rows if e.status != Enrolment.Status.WAITLISTED]
        context["waitlist"] = [e for e in rows if e.status == Enrolment.Status.WAITLISTED]
        context["capacity_form"] = CapacityForm(initial={"capacity": session.capacity})
    elif user.managed_unit_ids:
        context["unit_bookings"] = selectors.unit_bookings(session=session, viewer=user)
    people = selectors.bookable_people(viewer=user)
    if user.managed_unit_ids or selectors.runs_programme(user):
        context["nominate_form"] = nominate_form or NominateForm(people=people)
    if user.has_role(Role.NEWCOMER):
        context["my_booking"] = session.enrolments.filter(
            person=user, status__in=selectors.LIVE
        ).first()
    return context


@login_required
def session_detail(request, pk: int):
    session = selectors.session_get(viewer=request.user, pk=pk)
    return render(request, "programme/session_detail.html", _detail_context(request, session))


@login_required
@permission_required("programme.manage_sessions")
def session_copy(request, pk: int):
    session = selectors.session_get(viewer=request.user, pk=pk)
    form = CopyForm(request.POST or None)
    if response := submit(
        request,
        form,
        lambda data: services.session_copy(
            session=session, by=request.user, first_date=data["first_date"]
        ),
        done=_("Kopian är sparad som utkast."),
        then=_session_url,
    ):
        return response
    return render(request, "programme/session_copy.html", {"form": form, "session": session})


@login_required
@require_POST
@permission_required("programme.manage_sessions")
def session_publish(request, pk: int):
    session = selectors.session_get(viewer=request.user, pk=pk)
    services.session_publish(session=session, by=request.user)
    messages.success(request, _("Kurstillfället är publicerat."))
    return redirect("programme:session_detail", pk=session.pk)


@login_required
@permission_required("programme.manage_sessions")
def session_cancel(request, pk: int):
    """A page that says who will be told and asks why; the post cancels."""
    session = selectors.session_get(viewer=request.user, pk=pk)
    if session.status == session.Status.CANCELLED:
        messages.info(request, _("Kurstillfället är redan inställt."))
        return redirect("programme:session_detail", pk=session.pk)
    told = selectors.told_of_cancellation(session=session)
    form = ReasonForm(
        request.POST if request.method == "POST" else None,
        required=told > 0,
        help_text=_("Står i meddelandet till deltagarna."),
    )
    if response := submit(
        request,
        form,
        lambda data: services.session_cancel(
            session=session, by=request.user, reason=data["reason"]
        ),
        done=_("Kurstillfället är inställt."),
        then=lambda _result: _session_url(session),
    ):
        return response
    return render(
        request,
        "programme/session_cancel.html",
        {"form": form, "session": session, "told": told},
    )


@login_required
@permission_required("programme.manage_sessions")
def session_capacity(request, pk: int):
    session = selectors.session_get(viewer=request.user, pk=pk)
    form = CapacityForm(request.POST or None, initial={"capacity": session.capacity})
    if response := submit(
        request,
        form,
        lambda data: services.session_set_capacity(
            session=session, by=request.user, capacity=data["capacity"]
        ),
        done=_("Antalet platser är ändrat."),
        then=lambda _result: _session_url(session),
    ):
        return response
    return render(request, "programme/session_capacity.html", {"form": form, "session": session})


@login_required
@permission_required("programme.mark_attendance")
def session_attendance(request, pk: int):
    session = selectors.session_get(viewer=request.user, pk=pk)
    days, admitted, marks = selectors.attendance_grid(session=session)
    form = AttendanceForm(request.POST or None, days=days, enrolments=admitted, marks=marks)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.attendance_save(marks=form.marks(), by=request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _attendance_saved_message(saved))
            return redirect("programme:session_attendance", pk=session.pk)
    done = selectors.completions_by_person(session=session)
    rows = [(e, cells, _module_state(done, e)) for e, cells in form.rows]
    return render(
        request,
        "programme/session_attendance.html",
        {"session": session, "days": days, "form": form, "rows": rows},
    )


def _module_state(done: dict, enrolment) -> str:
    """Where the person's completion came from, so a coordinator sees which ones a
    correction here can take back."""
    if enrolment.person_id not in done:
        return "open"
    source = done[enrolment.person_id]
    if source is None:
        return "manual"
    return "here" if source == enrolment.session_id else "elsewhere"


def _attendance_saved_message(saved) -> str:
    recorded = ngettext(
        "%(n)s genomförd modul registrerad", "%(n)s genomförda moduler registrerade", saved.recorded
    ) % {"n": saved.recorded}
    withdrawn = ngettext("%(n)s återtagen", "%(n)s återtagna", saved.withdrawn) % {
        "n": saved.withdrawn
    }
    return _("Närvaron är sparad. %(recorded)s, %(withdrawn)s.") % {
        "recorded": recorded,
        "withdrawn": withdrawn,
    }


@login_required
@permission_required("programme.manage_sessions")
def session_evaluations(request, pk: int):
    session = selectors.session_get(viewer=request.user, pk=pk)
    summary = selectors.evaluation_summary(session=session)
    return render(
        request, "programme/session_evaluations.html", {"session": session, "summary": summary}
    )


# -- exports -------------------------------------------------------------------------


def _filename(session, ext: str) -> str:
    first = session.first_day_cache.isoformat() if session.first_day_cache else "utkast"
    return f"{slugify(session.module.title)[:50]}-{first}.{ext}"


@login_required
@permission_required("programme.view_participants")
def participants_csv(request, pk: int):
    session = selectors.session_get(viewer=request.user, pk=pk)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([_("Namn"), _("E-post"), _("Enhet"), _("Chef"), _("Status")])
    for e in selectors.participants(session=session):
        writer.writerow(
            [
                str(e.person),
                e.person.email,
                e.person.unit.name if e.person.unit else "",
                ", ".join(str(m) for m in e.managers),
                e.get_status_display(),
            ]
        )
    # The BOM makes Swedish Excel read the file as UTF-8 (å, ä, ö) and split on ";".
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(session, "csv")}"'
    return response


@login_required
@permission_required("programme.view_participants")
def attendance_list_pdf(request, pk: int):
    session = selectors.session_get(viewer=request.user, pk=pk)
    sheet = selectors.attendance_sheet(
        session=session, municipality=Municipality.objects.values_list("name", flat=True).first()
    )
    response = HttpResponse(attendance_pdf.render(sheet), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{_filename(session, "pdf")}"'
    return response


# -- bookings ------------------------------------------------------------------------


def _advise(request, *, person, session) -> None:
    """Booked, but worth knowing: before the first day or too late for the part,
    prerequisites, target group."""
    warnings = services.request_warnings(person=person, session=session)
    for warning in warnings + services.fit_warnings(person=person, session=session):
        messages.warning(request, warning)


@login_required
@require_POST
def enrolment_nominate(request, pk: int):
    session = selectors.session_get(viewer=request.user, pk=pk)
    form = NominateForm(request.POST, people=selectors.bookable_people(viewer=request.user))
    if form.is_valid():
        person = form.cleaned_data["person"]
        try:
            enrolment = services.enrolment_nominate(session=session, person=person, by=request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s är anmäld: %(status)s.")
                % {"name": person, "status": enrolment.get_status_display().lower()},
            )
            _advise(request, person=person, session=session)
            return redirect("programme:session_detail", pk=session.pk)
    context = _detail_context(request, session, nominate_form=form)
    return render(request, "programme/session_detail.html", context, status=400)


@login_required
@require_POST
def enrolment_request(request, pk: int):
    session = selectors.session_get(viewer=request.user, pk=pk)
    if perform(
        request,
        lambda: services.enrolment_request(session=session, person=request.user),
        _("Din intresseanmälan är skickad. Din chef godkänner den."),
    ):
        _advise(request, person=request.user, session=session)
    return redirect(_next(request, "programme:courses"))


@login_required
def enrolment_cancel(request, pk: int):
    """A page that says what happens to whom; someone else's booking needs a reason,
    which the person is told. The post cancels."""
    enrolment = selectors.enrolment_get(viewer=request.user, pk=pk)
    require(request, "programme.cancel_enrolment", enrolment)
    back = _next(request, "programme:session_detail", pk=enrolment.session_id)
    if enrolment.status == Enrolment.Status.CANCELLED:
        messages.info(request, _("Anmälan är redan avbokad."))
        return redirect(back)
    own = enrolment.person_id == request.user.pk
    told = _("Står i meddelandet till %(name)s.") % {"name": enrolment.person}
    form = ReasonForm(
        request.POST if request.method == "POST" else None,
        required=not own,
        help_text="" if own else told,
    )
    if request.method == "POST" and form.is_valid():
        services.enrolment_cancel(
            enrolment=enrolment, by=request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(
            request, _("Anmälan för %(name)s är avbokad.") % {"name": enrolment.person}
        )
        return redirect(back)
    return render(
        request,
        "programme/enrolment_cancel.html",
        {
            "form": form,
            "enrolment": enrolment,
            "own": own,
            "next": back,
            "next_in_line": selectors.first_in_line(enrolment=enrolment),
        },
    )


@login_required
@require_POST
def enrolment_approve(request, pk: int):
    enrolment = selectors.enrolment_get(viewer=request.user, pk=pk)
    enrolment = services.enrolment_approve(enrolment=enrolment, by=request.user)
    messages.success(
        request,
        _("%(name)s är godkänd: %(status)s.")
        % {"name": enrolment.person, "status": enrolment.get_status_display().lower()},
    )
    return redirect(_next(request, "programme:session_detail", pk=enrolment.session_id))


@login_required
@require_POST
def enrolment_decline(request, pk: int):
    enrolment = selectors.enrolment_get(viewer=request.user, pk=pk)
    form = ReasonForm(request.POST, required=False)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect(_next(request, "programme:session_detail", pk=enrolment.session_id))
    services.enrolment_decline(
        enrolment=enrolment, by=request.user, reason=form.cleaned_data["reason"]
    )
    messages.success(
        request,
        _("Önskemålet från %(name)s är avslaget. %(name)s får ett meddelande.")
        % {"name": enrolment.person},
    )
    return redirect(_next(request, "programme:session_detail", pk=enrolment.session_id))


@login_required
def enrolment_move(request, pk: int):
    enrolment = selectors.enrolment_get(viewer=request.user, pk=pk)
    if enrolment.status == Enrolment.Status.CANCELLED:
        messages.info(request, _("Anmälan är redan avbokad."))
        return redirect("programme:session_detail", pk=enrolment.session_id)
    targets = (
        selectors.bookable_sessions(viewer=request.user)
        .filter(module_id=enrolment.session.module_id)
        .exclude(pk=enrolment.session_id)
    )
    form = MoveForm(request.POST or None, sessions=targets)
    if request.method == "POST" and form.is_valid():
        try:
            moved = services.enrolment_move(
                enrolment=enrolment, to=form.cleaned_data["to"], by=request.user
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s är flyttad: %(status)s.")
                % {"name": moved.person, "status": moved.get_status_display().lower()},
            )
            return redirect("programme:session_detail", pk=moved.session_id)
    return render(request, "programme/enrolment_move.html", {"enrolment": enrolment, "form": form})


def _next(request, name: str, **kwargs) -> str:
    """Back where the form was, if that is one of our own pages."""
    target = request.POST.get("next", "") or request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse(name, kwargs=kwargs or None)


# -- newcomers -----------------------------------------------------------------------


@login_required
def courses(request):
    user = request.user
    can_request = user.has_role(Role.NEWCOMER)
    bookings = selectors.cached_my_enrolments(person=user)
    sessions = selectors.cached_session_rows(viewer=user, kind="bookable")
    return render(
        request,
        "programme/courses.html",
        {
            # A newcomer sees when a session would end after their part's last day, or
            # start before their first day at work.
            "rows": SimpleLazyObject(
                lambda: [
                    (
                        s,
                        services.late_for(person=user, session=s) if can_request else None,
                        services.early_for(person=user, session=s) if can_request else None,
                    )
                    for s in sessions
                ]
            ),
            # The cached table differs per newcomer (own bookings, own deadlines) and is
            # shared by everyone else.
            "rows_for": user.pk if can_request else "all",
            "bookings": bookings,
            "booked_ids": SimpleLazyObject(lambda: {b.session_id for b in bookings}),
            "today": timezone.localdate(),
            "can_request": can_request,
            "programme": selectors.current_programme(),
        },
    )


@login_required
def evaluation_create(request, pk: int):
    enrolment = selectors.enrolment_get(viewer=request.user, pk=pk)
    require(request, "programme.evaluate", enrolment)
    form = EvaluationForm(request.POST or None)
    if response := submit(
        request,
        form,
        lambda data: services.evaluation_submit(
            enrolment=enrolment, by=request.user, rating=data["rating"], comment=data["comment"]
        ),
        done=_("Tack för din utvärdering!"),
        then=lambda _result: reverse("programme:courses"),
    ):
        return response
    return render(request, "programme/evaluation_form.html", {"form": form, "enrolment": enrolment})
