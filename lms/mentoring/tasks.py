"""Background work for mentoring, run by django-q2: telling the mentor."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from lms.core.signals import mail_sent

from .models import MentorPairing

EVENTS = ("started", "ended")


def pairing_notify(pairing_id: int, event: str) -> bool:
    """E-mail the mentor that a pairing started or ended, in the mentor's language.

    It names the newcomer, the dates and a link; never a fit answer, a request for a
    new mentor or why a pairing ended. The pairing is read afresh, so a pairing that
    ended before the task ran sends no "started". Returns False if nothing was sent."""
    if event not in EVENTS:
        return False
    pairing = (
        MentorPairing.objects.select_related("newcomer__unit", "mentor", "created_by", "plan")
        .filter(pk=pairing_id)
        .first()
    )
    if pairing is None or not pairing.mentor.is_active or not pairing.mentor.email:
        return False
    if event == "started" and pairing.ended_on is not None:
        return False
    mentor = pairing.mentor
    base = settings.SITE_URL.rstrip("/")
    # While it runs the mentor may open the plan; afterwards only their own page.
    if event == "started" and pairing.plan_id:
        path = reverse("plans:plan_detail", args=[pairing.plan_id])
    else:
        path = reverse("mentoring:me")
    context = {
        "mentor": mentor,
        "newcomer": pairing.newcomer,
        "unit": pairing.newcomer.unit,
        "paired_by": pairing.created_by,
        "pairing": pairing,
        "url": base + path,
        "language": mentor.preferred_language,
    }
    with translation.override(mentor.preferred_language):
        subject = render_to_string(f"mentoring/email/{event}_subject.txt", context).strip()
        text = render_to_string(f"mentoring/email/{event}_message.txt", context)
        html = render_to_string(f"mentoring/email/{event}_message.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [mentor.email])
    message.attach_alternative(html, "text/html")
    message.send()
    mail_sent.send(pairing_notify, user=mentor, kind="mentor_pairing", subject=subject, url=path)
    return True
