"""E-mail with a calendar invitation when a booking changes, sent by django-q2.

The programme announces every booking change (lms.programme.signals); this module
queues one e-mail per change after the transaction commits, so a rolled-back booking
never sends anything. The task reads the booking afresh and builds the .ics itself.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils import translation
from django_q.tasks import async_task

from lms.programme.models import Enrolment
from lms.programme.signals import BookingChange, booking_changed

from .ical import invitation_calendar, removed_days_calendar

#: Changes that put the course in the person's calendar, and those that take it out.
REQUEST = {BookingChange.ADMITTED, BookingChange.PROMOTED}
CANCEL = {BookingChange.CANCELLED, BookingChange.SESSION_CANCELLED}
NOTICE = {BookingChange.WAITLISTED}
#: A session's days or place changed: an updated invitation for those admitted, a note
#: for those still waiting.
CHANGED = BookingChange.SESSION_CHANGED


@receiver(booking_changed, dispatch_uid="feeds-booking-invitation")
def queue_booking_mail(sender, enrolment, change, removed_days=(), **kwargs):
    if change not in REQUEST | CANCEL | NOTICE | {CHANGED}:
        return
    pk, removed = enrolment.pk, list(removed_days)
    transaction.on_commit(
        lambda: async_task(
            "lms.feeds.invitations.booking_mail_send",
            pk,
            change,
            removed,
            task_name="booking-mail",
        )
    )


def _method(change: str, status: str) -> str | None:
    if change in CANCEL:
        return "CANCEL"
    if change in REQUEST or (change == CHANGED and status == Enrolment.Status.ADMITTED):
        return "REQUEST"
    return None


def booking_mail_send(enrolment_id: int, change: str, removed_days=()) -> bool:
    enrolment = (
        Enrolment.objects.select_related("session__module", "person")
        .prefetch_related("session__days")
        .filter(pk=enrolment_id)
        .first()
    )
    if enrolment is None or not enrolment.person.is_active or not enrolment.person.email:
        return False
    if enrolment.status == Enrolment.Status.CANCELLED and change == CHANGED:
        return False  # cancelled between the change and this task: nothing to update
    person = enrolment.person
    context = {
        "person": person,
        "session": enrolment.session,
        "days": list(enrolment.session.days.all()),
        "change": change,
        "enrolment_status": enrolment.status,
        "site_url": settings.SITE_URL.rstrip("/"),
    }
    with translation.override(person.preferred_language):
        subject = render_to_string("feeds/email/booking_subject.txt", context).strip()
        body = render_to_string("feeds/email/booking_message.txt", context)
    message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, [person.email])
    method = _method(change, enrolment.status)
    if method:
        ics = invitation_calendar(enrolment, cancel=method == "CANCEL")
        # As an alternative part Outlook shows accept/decline-free event details; as an
        # attachment every other client can add it.
        message.attach_alternative(ics.decode(), f"text/calendar; method={method}; charset=utf-8")
        message.attach("kurstillfalle.ics", ics, "application/ics")
        if method == "REQUEST" and removed_days:
            # Days dropped from the session: their events must leave the calendar too.
            message.attach(
                "borttagna-dagar.ics",
                removed_days_calendar(enrolment, [tuple(d) for d in removed_days]),
                "application/ics",
            )
    message.send()
    return True
