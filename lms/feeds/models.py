"""Secret links to personal calendar feeds.

Calendar clients cannot log in, so the personal feed is reached by a long random token
in its address. Only a SHA-256 hash of the token is kept: a copy of the database does
not reveal anyone's link, and the owner sees the token once, when it is made.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class FeedToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="feed_tokens",
    )
    token_hash = models.CharField(_("kontrollsumma"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("återkallad"), null=True, blank=True)

    class Meta:
        verbose_name = _("kalenderlänk")
        verbose_name_plural = _("kalenderlänkar")
        ordering = ["-created_at"]
        constraints = [
            # At most one working link per person: a new one replaces the old.
            models.UniqueConstraint(
                fields=["user"], condition=Q(revoked_at__isnull=True), name="feedtoken_one_active"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.created_at:%Y-%m-%d})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
