"""Reads: a person's own notices and the notification log."""

from __future__ import annotations

import datetime

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet

from .models import EmailStatus, Notification
from .rules import log_kinds

PER_PAGE = 25


def inbox(*, user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user, in_inbox=True).order_by("-created_at", "-pk")


def inbox_page(*, user, page: int) -> Page:
    return Paginator(inbox(user=user), PER_PAGE).get_page(page)


def own_notice(*, user, pk: int) -> Notification | None:
    return inbox(user=user).filter(pk=pk).first()


def log_for(*, viewer) -> QuerySet[Notification]:
    """Other people's messages the viewer may see (rules.log_kinds)."""
    kinds = log_kinds(viewer)
    qs = Notification.objects.select_related("recipient")
    if kinds is None:
        return qs
    return qs.filter(kind__in=kinds)


def log_page(
    *,
    viewer,
    kind: str = "",
    status: str = "",
    since: datetime.date | None = None,
    until: datetime.date | None = None,
    who: str = "",
    page: int = 1,
) -> Page:
    qs = log_for(viewer=viewer)
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(email_status=status)
    if since:
        qs = qs.filter(created_at__date__gte=since)
    if until:
        qs = qs.filter(created_at__date__lte=until)
    if who:
        qs = qs.filter(recipient__search_key__contains=who.casefold())
    return Paginator(qs.order_by("-created_at", "-pk"), PER_PAGE).get_page(page)


def failures_since(*, viewer, since: datetime.datetime) -> int:
    return (
        log_for(viewer=viewer)
        .filter(Q(email_status=EmailStatus.FAILED), created_at__gte=since)
        .count()
    )
