"""Every message the product sends or shows, and what each person wants by e-mail.

A `Notification` row is written before anything is sent, under a unique key made of
kind, object and period: a retried or parallel run that finds the same thing due hits
the key and writes nothing, so nothing is sent twice; a run that crashed before sending
leaves the row pending and the next run sends it. The row is also the in-product notice
(the bell) and the line in the notification log. Its `params` hold what the text needs
(titles, dates, names the recipient may see) and never a private note.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EmailChoice(models.TextChoices):
    IMMEDIATE = "immediate", _("Direkt")
    DAILY = "daily", _("I en daglig sammanfattning")
    OFF = "off", _("Inte med e-post")


class EmailStatus(models.TextChoices):
    PENDING = "pending", _("Väntar på att skickas")
    SENDING = "sending", _("Skickas")
    SENT = "sent", _("Skickad")
    DIGEST = "digest", _("Väntar på daglig sammanfattning")
    IN_DIGEST = "in_digest", _("Skickad i daglig sammanfattning")
    NOT_WANTED = "not_wanted", _("Bara i tjänsten (personens val)")
    SKIPPED = "skipped", _("Inte skickad")
    FAILED = "failed", _("Misslyckades")


class Notification(models.Model):
    key = models.CharField(_("nyckel"), max_length=200, unique=True)
    kind = models.CharField(_("typ"), max_length=40)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mottagare"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    params = models.JSONField(_("innehåll"), default=dict, blank=True)
    url = models.CharField(_("länk"), max_length=300, blank=True)
    #: Digest e-mails are log lines only; everything else is also a notice in the bell.
    in_inbox = models.BooleanField(_("visas bland notiserna"), default=True)
    created_at = models.DateTimeField(_("skapad"), default=timezone.now)
    read_at = models.DateTimeField(_("läst"), null=True, blank=True)
    email_status = models.CharField(
        _("e-post"), max_length=16, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("försök"), default=0)
    next_attempt_at = models.DateTimeField(_("nästa försök"), null=True, blank=True)
    claim = models.UUIDField(null=True, blank=True, editable=False)
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(_("skickad"), null=True, blank=True)
    #: Why a message was not sent or failed, for the log; never personal data.
    reason = models.CharField(_("orsak"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("notis")
        verbose_name_plural = _("notiser")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "in_inbox", "-created_at"], name="notif_inbox"),
            models.Index(fields=["email_status", "next_attempt_at"], name="notif_outbox"),
            models.Index(fields=["kind", "-created_at"], name="notif_kind"),
        ]

    def __str__(self) -> str:
        return self.key

    @property
    def definition(self):
        from .kinds import get

        return get(self.kind)

    @property
    def title(self) -> str:
        return self.definition.title(self.params)

    @property
    def lines(self) -> list[str]:
        return self.definition.lines(self.params)


class Preference(models.Model):
    """A person's choice for one kind; no row means the kind's default."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(_("typ"), max_length=40)
    email = models.CharField(_("e-post"), max_length=16, choices=EmailChoice.choices)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    class Meta:
        verbose_name = _("val för notiser")
        verbose_name_plural = _("val för notiser")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.kind}={self.email}"
