"""People and the roles they hold.

E-mail is the login. A person can hold several roles at once (a mentor is also
someone's colleague; a manager may coordinate); unit managers and supervisors
hold their role for particular units, which is why roles live in their own table
rather than as flags on the user.
"""

from __future__ import annotations

import datetime
from functools import cached_property

import rules
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.core import versions


class Role(models.TextChoices):
    NEWCOMER = "newcomer", _("Nyanställd")
    MENTOR = "mentor", _("Mentor")
    SUPERVISOR = "supervisor", _("Handledare")
    MANAGER = "manager", _("Enhetschef")
    COORDINATOR = "coordinator", _("Utbildningssamordnare")
    HR = "hr", _("HR och styrgrupp")
    ADMIN = "admin", _("Administratör")


#: Roles that only make sense for particular units.
UNIT_SCOPED_ROLES = (Role.SUPERVISOR, Role.MANAGER)
#: Roles held through Django's superuser flag rather than an assignment.
FLAG_ROLES = (Role.ADMIN,)


class NewcomerKind(models.TextChoices):
    GRADUATE = "graduate", _("Nyutexaminerad")
    NEW_TO_AUTHORITY = "new_to_authority", _("Erfaren, ny inom myndighetsutövning")
    NEW_TO_TARGET_GROUP = "new_to_target_group", _("Erfaren, ny målgrupp")
    NEW_TO_MUNICIPALITY = "new_to_municipality", _("Erfaren, ny i kommunen")
    RETURNING = "returning", _("Återvändande efter längre frånvaro")


class CompetenceLevel(models.TextChoices):
    NOVICE = "novice", _("Nybörjare (under 2 år)")
    PROFICIENT = "proficient", _("Kunnig (2–5 år)")
    ADVANCED = "advanced", _("Avancerad (5–10 år)")
    SPECIALIST = "specialist", _("Specialist (över 10 år)")


def competence_level_for(years: float | None) -> CompetenceLevel | None:
    """The Gothenburg model's levels, by whole years in the profession."""
    if years is None:
        return None
    if years < 2:
        return CompetenceLevel.NOVICE
    if years < 5:
        return CompetenceLevel.PROFICIENT
    if years <= 10:
        return CompetenceLevel.ADVANCED
    return CompetenceLevel.SPECIALIST


class Gender(models.TextChoices):
    # Optional and used only for gender-disaggregated statistics.
    WOMAN = "woman", _("Kvinna")
    MAN = "man", _("Man")
    OTHER = "other", _("Annat")


class Language(models.TextChoices):
    SWEDISH = "sv", _("Svenska")
    ENGLISH = "en", _("English")


class UserManager(BaseUserManager.from_queryset(versions.VersionedQuerySet)):
    # Versioned: a bulk update of people (the staff import's leavers, say) bumps the
    # "people" version like a save does (lms.accounts.signals).
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """An employee of the municipality who uses the product."""

    username = None
    email = models.EmailField(_("e-postadress"), unique=True)
    # The stable keys of the HR export and the identity provider: e-mail addresses
    # change (marriage, a new domain), these do not. Empty (NULL) for people typed in by
    # hand, so uniqueness holds only among those who have one.
    employee_number = models.CharField(
        _("anställningsnummer"), max_length=40, unique=True, null=True, blank=True
    )
    directory_id = models.CharField(
        _("id i katalogen"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Kommunens oföränderliga id för personen (i Entra ID: oid)."),
    )
    missing_from_export_since = models.DateField(
        _("saknas i senaste exporten sedan"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Satt när en fullständig HR-export inte längre innehöll personen."),
    )
    title = models.CharField(_("titel"), max_length=120, blank=True)
    unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("enhet"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
    )
    work_group = models.ForeignKey(
        "organisation.WorkGroup",
        verbose_name=_("arbetsgrupp"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
    )
    start_date = models.DateField(_("anställningens startdatum"), null=True, blank=True)
    end_date = models.DateField(
        _("anställningens slutdatum"),
        null=True,
        blank=True,
        help_text=_("Fylls i när personen slutar. Kontot stängs den dagen och planen avslutas."),
    )
    newcomer_kind = models.CharField(
        _("typ av nyanställd"), max_length=32, choices=NewcomerKind.choices, blank=True
    )
    # A date rather than a number of years, so the competence level stays right over time.
    in_profession_since = models.DateField(
        _("i yrket sedan"),
        null=True,
        blank=True,
        help_text=_("Ungefär när du började arbeta som socialsekreterare eller motsvarande."),
    )
    gender = models.CharField(
        _("kön"),
        max_length=16,
        choices=Gender.choices,
        blank=True,
        help_text=_("Frivilligt. Används bara i sammanställd statistik, aldrig för enskilda."),
    )
    preferred_language = models.CharField(
        _("språk"), max_length=2, choices=Language.choices, default=Language.SWEDISH
    )
    invited_at = models.DateTimeField(_("inbjudan skickad"), null=True, blank=True)
    # Case-folded name and e-mail: SQLite's LIKE folds only ASCII, so "öberg" would
    # not find "Öberg" without it.
    search_key = models.CharField(max_length=400, editable=False, default="")
    #: Kept by lms.notifications (recounted from its table on every change), so the
    #: header's bell costs no query; a plain save() never writes it (see save()).
    unread_notifications = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("personer")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="user_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def save(self, *args, **kwargs):
        self.search_key = f"{self.first_name} {self.last_name} {self.email}".casefold()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"first_name", "last_name", "email"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_key"}
        elif update_fields is None and not self._state.adding and not kwargs.get("force_insert"):
            # A user object loaded before a notice arrived must not write its old count back.
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name != "unread_notifications"
            ]
        super().save(*args, **kwargs)

    def has_perm(self, perm: str, obj=None) -> bool:
        """The product's own permissions (every name in lms/*/rules.py) are answered by
        their rules alone, for superusers too: Django's superuser shortcut would let an
        administrator act in another person's name. The rules say where an administrator
        may act (see lms.accounts.rules). Django's model permissions ("app.change_model",
        used by the Django admin and Wagtail) keep Django's answer."""
        if rules.perm_exists(perm):
            return bool(self.is_active and rules.has_perm(perm, self, obj))
        return super().has_perm(perm, obj)

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name or self.email

    # -- roles ---------------------------------------------------------------
    @cached_property
    def _role_pairs(self) -> frozenset[tuple[str, int | None]]:
        """All (role, unit id) pairs, loaded once per user object (one query)."""
        if not self.pk or not self.is_active:
            return frozenset()
        from lms.core.caching import cached_value

        # Cached under the people version: one query less on every logged-in page.
        pairs = set(
            cached_value(
                "role-pairs",
                viewer=self,
                build=lambda: list(self.role_assignments.values_list("role", "unit_id")),
            )
        )
        if self.is_superuser:
            pairs.add((Role.ADMIN, None))
        return frozenset(pairs)

    def forget_roles(self) -> None:
        self.__dict__.pop("_role_pairs", None)

    @property
    def roles(self) -> set[str]:
        return {role for role, _unit in self._role_pairs}

    def has_role(self, role: str) -> bool:
        return role in self.roles

    def unit_ids_for(self, role: str) -> frozenset[int]:
        return frozenset(unit for r, unit in self._role_pairs if r == role and unit)

    @property
    def managed_unit_ids(self) -> frozenset[int]:
        return self.unit_ids_for(Role.MANAGER)

    # -- profile ---------------------------------------------------------------
    def years_in_profession(self, on: datetime.date | None = None) -> float | None:
        if not self.in_profession_since:
            return None
        on = on or timezone.localdate()
        return max(0.0, (on - self.in_profession_since).days / 365.25)

    @property
    def competence_level(self) -> CompetenceLevel | None:
        return competence_level_for(self.years_in_profession())

    @property
    def has_left(self) -> bool:
        return bool(self.end_date and self.end_date <= timezone.localdate())


class RoleSource(models.TextChoices):
    """Where a role grant came from. Each source adds and removes only its own grants,
    so a mentor role a manager gave by hand survives the directory's next word."""

    PERSON = "person", _("Given av en person")
    IMPORT = "import", _("HR-exporten")
    DIRECTORY = "directory", _("Kommunens katalog vid inloggning")


class RoleAssignment(models.Model):
    """One role held by one person, for one unit where the role is unit-scoped, from one
    source: the same role may be held twice, by hand and from the directory."""

    user = models.ForeignKey(
        User, verbose_name=_("person"), on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("roll"), max_length=16, choices=Role.choices)
    unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("enhet"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
        help_text=_("Krävs för enhetschef och handledare; tomt för övriga roller."),
    )
    source = models.CharField(
        _("källa"), max_length=16, choices=RoleSource.choices, default=RoleSource.PERSON
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    class Meta:
        verbose_name = _("roll")
        verbose_name_plural = _("roller")
        constraints = [
            models.CheckConstraint(
                condition=(Q(role__in=UNIT_SCOPED_ROLES) & Q(unit__isnull=False))
                | (~Q(role__in=UNIT_SCOPED_ROLES) & Q(unit__isnull=True)),
                name="roleassignment_unit_iff_scoped",
            ),
            models.CheckConstraint(
                condition=~Q(role__in=FLAG_ROLES), name="roleassignment_admin_is_a_flag"
            ),
            models.UniqueConstraint(
                fields=["user", "role", "unit", "source"],
                condition=Q(unit__isnull=False),
                name="roleassignment_unique_scoped_source",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "source"],
                condition=Q(unit__isnull=True),
                name="roleassignment_unique_global_source",
            ),
        ]
        indexes = [models.Index(fields=["role", "unit"])]

    def __str__(self) -> str:
        if self.unit_id:
            return f"{self.get_role_display()} ({self.unit})"
        return str(self.get_role_display())


#: The RolePolicy row for the site's editors and reviewers. Editing the site is no role of
#: the tracker but Wagtail's `wagtailadmin.access_admin` permission (given by the groups of
#: `setup_editorial`), and an editor may hold no role at all; their two-factor rule still
#: belongs beside the roles' rules, where administrators look for it.
SITE_EDITORS = "site_editors"
POLICY_SUBJECTS = [
    *Role.choices,
    (SITE_EDITORS, _("Webbplatsens redaktörer och granskare (alla som når /admin/)")),
]


class RolePolicy(models.Model):
    """Security rules per role, set by an administrator (e.g. two-factor required).

    A role without a row requires nothing. Migration 0006 writes rows that require
    two-factor of administrators, HR, unit managers and the site's editors, the people who
    see many colleagues' data or change the accounts and the site; unticking one is the
    administrator's decision.
    """

    role = models.CharField(_("roll"), max_length=16, choices=POLICY_SUBJECTS, unique=True)
    require_mfa = models.BooleanField(
        _("kräv tvåstegsverifiering"),
        default=False,
        help_text=_(
            "Personer med rollen måste slå på tvåstegsverifiering innan de kan fortsätta, "
            "när de loggar in med lösenord."
        ),
    )
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    class Meta:
        verbose_name = _("rollpolicy")
        verbose_name_plural = _("rollpolicyer")
        ordering = ["role"]

    def __str__(self) -> str:
        return str(self.get_role_display())


class MfaExemption(models.Model):
    """One person who need not set up two-factor although their role asks for it.

    Given person by person, never to a role: the demo gives one to each of its own
    logins, so real staff who later get the same roles in an installation that once held
    the demo are still asked. Deleting the row makes two-factor required again.
    """

    user = models.OneToOneField(
        User,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="mfa_exemption",
    )
    reason = models.CharField(_("skäl"), max_length=200)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    class Meta:
        verbose_name = _("undantag från tvåstegsverifiering")
        verbose_name_plural = _("undantag från tvåstegsverifiering")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return str(self.user)


#: The roles the directory and the HR export may give: those HR may give by hand (see
#: lms.accounts.granting.GRANTED_BY). HR and the administrator stay with an administrator.
SOURCED_ROLES = (Role.NEWCOMER, Role.MENTOR, Role.SUPERVISOR, Role.MANAGER, Role.COORDINATOR)


class DirectoryRole(models.Model):
    """One value of the directory's roles claim (an Entra ID app role, say) and the
    product role it stands for. Several values may stand for the same role; a value
    without a row gives nothing."""

    value = models.CharField(
        _("värde i katalogen"),
        max_length=120,
        unique=True,
        help_text=_("Som det står i inloggningens rollanspråk eller HR-exportens rollkolumn."),
    )
    role = models.CharField(
        _("roll"), max_length=16, choices=[(r.value, r.label) for r in SOURCED_ROLES]
    )
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    class Meta:
        verbose_name = _("roll från katalogen")
        verbose_name_plural = _("roller från katalogen")
        ordering = ["value"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=[r.value for r in SOURCED_ROLES]),
                name="directoryrole_only_sourced_roles",
            )
        ]

    def __str__(self) -> str:
        return f"{self.value} → {self.get_role_display()}"
