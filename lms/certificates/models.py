"""Certificates of completion for the introduction programme.

A Certificate records that a person was certified for part 1, part 2 or the whole
programme, by whom and when. It keeps a *snapshot* of what it certifies (name,
municipality, the modules with their dates) because a certificate is a statement made
on one day: the public verification page must show what was issued even after the
person changes name or unit, or next year's programme renames a module.

It lives in its own app rather than in lms.programme because it is shown on the
plan page (lms.plans.extensions), which the programme, below plans, cannot reach.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _

from lms.core import versions

from . import codes


class Scope(models.TextChoices):
    PART_1 = "part1", _("Del 1")
    PART_2 = "part2", _("Del 2")
    PROGRAMME = "programme", _("Hela programmet")

    @property
    def part_numbers(self) -> tuple[int, ...] | None:
        """The part numbers the scope covers; None: every part of the programme."""
        return {"part1": (1,), "part2": (2,)}.get(self.value)


class Certificate(models.Model):
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        # Like the completions it rests on: removing a person removes their certificates,
        # and a code of theirs then reads as unknown.
        on_delete=models.CASCADE,
        related_name="certificates",
    )
    scope = models.CharField(_("omfattning"), max_length=16, choices=Scope.choices)
    programme = models.ForeignKey(
        "programme.Programme",
        verbose_name=_("program"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    code = models.CharField(
        _("kontrollkod"), max_length=codes.LENGTH, unique=True, default=codes.generate
    )
    snapshot = models.JSONField(
        _("innehåll vid utfärdandet"),
        help_text=_("Namn, kommun, delar och moduler med datum, som de var när intyget skapades."),
    )
    issued_at = models.DateTimeField(_("utfärdat"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utfärdat av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("återkallat"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("återkallat av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Set when a corrected attendance takes back a completion the certificate rests on:
    # a coordinator decides whether to revoke it; nothing revokes it by itself. Cleared
    # when the completions hold again.
    review_since = models.DateTimeField(_("bör granskas sedan"), null=True, blank=True)
    review_missing = models.CharField(
        _("moduler som inte längre är genomförda"), max_length=500, blank=True
    )
    # Why it was taken back: for the organisation and the audit log. The public page for
    # the code only ever says "revoked", since a reason may say something about the person.
    revoke_reason = models.TextField(_("anledning till återkallandet"), blank=True)
    updated_at = models.DateTimeField(_("ändrat"), auto_now=True)

    objects = versions.VersionedManager()

    class Meta:
        verbose_name = _("intyg")
        verbose_name_plural = _("intyg")
        constraints = [
            # Asking twice gives the same certificate; a revoked one may be issued anew.
            models.UniqueConstraint(
                fields=["person", "scope"],
                condition=Q(revoked_at__isnull=True),
                name="certificate_one_live_per_scope",
            ),
            models.CheckConstraint(
                condition=Q(scope__in=Scope.values), name="certificate_scope_known"
            ),
            models.CheckConstraint(
                condition=Exact(Length("code"), codes.LENGTH), name="certificate_code_length"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.snapshot.get('name', self.person_id)} – {self.get_scope_display()}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def needs_review(self) -> bool:
        return self.review_since is not None and self.revoked_at is None

    @property
    def display_code(self) -> str:
        return codes.display(self.code)
