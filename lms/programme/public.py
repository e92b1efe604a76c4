"""What the public site may read of the programme, and where it says its pages are.

The Wagtail site (cms) reads lms only through functions like these; lms never imports
cms. The site tells lms where each module is described by registering a resolver, so
plan items, course lists and session pages can link to the module's page.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from lms.accounts.models import User
from lms.core.caching import cached_value

from . import selectors
from .models import CourseSession, Enrolment, Module, ModuleCompletion, SessionDay
from .services import part_deadline

# -- module pages ---------------------------------------------------------------------

_page_resolvers: list[Callable[[], dict[str, str]]] = []


def register_module_pages(resolver: Callable[[], dict[str, str]]) -> None:
    """`resolver()` returns {module slug: page URL} for the visitor's language; it is
    asked once per request that needs it and should be cheap (cached)."""
    if resolver not in _page_resolvers:
        _page_resolvers.append(resolver)


def module_page_urls() -> dict[str, str]:
    urls: dict[str, str] = {}
    for resolver in _page_resolvers:
        urls.update(resolver())
    return urls


# -- reads for the site -----------------------------------------------------------------


def module_choices() -> QuerySet[Module]:
    """Modules an editor may describe: the current programme's, in programme order."""
    return Module.objects.filter(part__programme__is_current=True).select_related("part")


def upcoming_sessions(*, slug: str, today: datetime.date | None = None) -> list[CourseSession]:
    """Published sessions of the module (every programme version, like its calendar feed)
    with a day from today on, with their days and `admitted_count`/`places_left`.

    Drafts and cancelled sessions never; a session whose days are all past neither. Two
    queries, cached per module and day under the programme version, which any change to
    a session, its days or its bookings bumps."""
    today = today or timezone.localdate()

    def build() -> list[CourseSession]:
        sessions = list(
            CourseSession.objects.filter(
                module__slug=slug,
                status=CourseSession.Status.PUBLISHED,
                days__date__gte=today,
            )
            .distinct()
            .annotate(admitted_count=selectors.count_enrolments(Enrolment.Status.ADMITTED))
            .prefetch_related(
                Prefetch("days", queryset=SessionDay.objects.order_by("date", "start"))
            )
            .order_by("first_day_cache", "pk")
        )
        for session in sessions:
            session.places_left = max(0, session.capacity - session.admitted_count)
            session.booking_closed = bool(
                session.booking_deadline and session.booking_deadline < today
            )
        return sessions

    return cached_value("module-upcoming", slug, today, build=build)


@dataclass(frozen=True)
class ModuleStatus:
    """Where a person stands with one module: done, booked (or waiting), and by when."""

    done_on: datetime.date | None
    enrolment: Enrolment | None
    deadline: datetime.date | None
    today: datetime.date

    @property
    def late(self) -> bool:
        return self.done_on is None and self.deadline is not None and self.deadline < self.today


def module_status(*, person: User, module: Module) -> ModuleStatus:
    """Two queries: the completion and the live booking, across the slug's versions;
    cached per person under the programme version (bookings and completions bump it)."""
    today = timezone.localdate()

    def read() -> tuple[datetime.date | None, Enrolment | None]:
        done = (
            ModuleCompletion.objects.filter(module__slug=module.slug, person=person)
            .order_by("-completed_on")
            .values_list("completed_on", flat=True)
            .first()
        )
        if done is not None:
            return done, None
        enrolment = (
            Enrolment.objects.filter(
                person=person,
                session__module__slug=module.slug,
                session__status=CourseSession.Status.PUBLISHED,
                session__days__date__gte=today,
                status__in=(
                    Enrolment.Status.ADMITTED,
                    Enrolment.Status.WAITLISTED,
                    Enrolment.Status.REQUESTED,
                ),
            )
            .select_related("session")
            .order_by("session__first_day_cache")
            .first()
        )
        return None, enrolment

    done, enrolment = cached_value("module-status", module.slug, today, viewer=person, build=read)
    return ModuleStatus(
        done_on=done,
        enrolment=enrolment,
        deadline=part_deadline(person=person, module=module),
        today=today,
    )


def module_status_by_id(*, person: User, module_id: int) -> ModuleStatus | None:
    """`module_status` for a module known by its id (a part of a shared page keeps only
    the id); None when there is no such module."""
    module = Module.objects.select_related("part").filter(pk=module_id).first()
    if module is None:
        return None
    return module_status(person=person, module=module)
