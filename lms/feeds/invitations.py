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

from .ical import invitation_calendar

#: Changes that put the course in the person's calendar, and those that take it out.
REQUEST = {BookingChange.ADMITTED, BookingChange.PROMOTED}
CANCEL = {BookingChange.CANCELLED, BookingChange.SESSION_CANCELLED}
NOTICE = {BookingChange.WAITLISTED}


@receiver(booking_changed, dispatch_uid="feeds-booking-invitation")
def queue_booking_mail(sender, enrolment, change, **kwargs):
    if change not in REQUEST | CANCEL | NOTICE:
        return
    pk = enrolment.pk
    transaction.on_commit(
        lambda: async_task(
            "lms.feeds.invitations.booking_mail_send", pk, change, task_name="booking-mail"
        )
    )


def booking_mail_send(enrolment_id: int, change: str) -> bool:
    enrolment = (
        Enrolment.objects.select_related("session__module", "person")
        .prefetch_related("session__days")
        .filter(pk=enrolment_id)
        .first()
    )
    if enrolment is None or not enrolment.person.is_active or not enrolment.person.email:
        return False
    person = enrolment.person
    context = {
        "person": person,
        "session": enrolment.session,
        "days": list(enrolment.session.days.all()),
        "change": change,
        "site_url": settings.SITE_URL.rstrip("/"),
    }
    with translation.override(person.preferred_language):
        subject = render_to_string("feeds/email/booking_subject.txt", context).strip()
        body = render_to_string("feeds/email/booking_message.txt", context)
    message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, [person.email])
    if change in REQUEST | CANCEL:
        method = "CANCEL" if change in CANCEL else "REQUEST"
        ics = invitation_calendar(enrolment, cancel=change in CANCEL)
        # As an alternative part Outlook shows accept/decline-free event details; as an
        # attachment every other client can add it.
        message.attach_alternative(ics.decode(), f"text/calendar; method={method}; charset=utf-8")
        message.attach("kurstillfalle.ics", ics, "application/ics")
    message.send()
    return True
