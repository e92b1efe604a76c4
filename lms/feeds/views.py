"""Calendar feed views: tokens, caching and headers only; the builders make the bytes.

An unchanged feed costs one aggregate query (two for the personal feed, plus its token
lookup), and none while its fingerprint is cached: the fingerprint names the rendered
bytes in the cache and gives the ETag, so a conditional request gets 304 without
anything being built.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers, get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from lms.accounts.views import render_profile
from lms.core.caching import cached_value

from . import ical, selectors, services
from .selectors import Fingerprint

#: Bump when the builders' output changes, so cached feeds are made anew.
BUILD_VERSION = "3"  # 2: plan due dates in the personal feed; 3: supervision sessions
#: Rendered feeds are kept this long; the fingerprint decides whether they are current.
CACHE_SECONDS = 24 * 3600
#: Clients and proxies may reuse a response this long (the refresh hint is longer).
MAX_AGE = 900
CONTENT_TYPE = "text/calendar; charset=utf-8"


def _serve(
    request: HttpRequest,
    *,
    fingerprint: Fingerprint,
    build: Callable[[], bytes],
    filename: str,
    private: bool,
    language: str,
) -> HttpResponse:
    # The day is part of the key so that what no fingerprint sees (a module renamed)
    # still reaches calendars within a day.
    digest = hashlib.sha256(
        "|".join(
            (BUILD_VERSION, language, timezone.localdate().isoformat(), fingerprint.key)
        ).encode()
    ).hexdigest()[:40]
    etag = f'"{digest}"'
    last_modified = (
        int(fingerprint.last_modified.timestamp()) if fingerprint.last_modified else None
    )
    headers = {
        "ETag": etag,
        "Cache-Control": f"{'private' if private else 'public'}, max-age={MAX_AGE}",
    }
    if last_modified is not None:
        headers["Last-Modified"] = http_date(last_modified)

    conditional = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if conditional is not None:
        for name, value in headers.items():
            conditional.headers[name] = value
        return conditional

    # Content-addressed, so no value of lms.core.caching.VALUES: the digest names what the
    # bytes are made of (the fingerprint, counted from the rows the feed shows, and read
    # afresh after any bump of the versions it is kept under, see `_fingerprint`), the
    # language, the day and the builders' version. Two feeds with the same digest are
    # the same bytes, so no version number is needed here.
    key = f"feeds:{digest}"
    body = cache.get(key)
    if body is None:
        with translation.override(language):
            body = build()
        cache.set(key, body, CACHE_SECONDS)
    response = HttpResponse(body, content_type=CONTENT_TYPE, headers=headers)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _public_language() -> str:
    return settings.LANGUAGE_CODE


def _fingerprint(key: str, compute):
    """The feed's fingerprint, cached under the programme version ("feed-fingerprint";
    the personal feed's under the plans and supervision versions too): an unchanged feed
    and its 304 then cost no query at all."""
    return cached_value("feed-fingerprint", key, build=compute)


@require_safe
def programme_feed(request: HttpRequest) -> HttpResponse:
    def build() -> bytes:
        sessions = selectors.with_days(selectors.programme_sessions())
        return ical.programme_calendar(sessions, name=_("Introduktionsprogrammet – kurstillfällen"))

    return _serve(
        request,
        fingerprint=_fingerprint("programme", selectors.programme_fingerprint),
        build=build,
        filename="programme.ics",
        private=False,
        language=_public_language(),
    )


@require_safe
def module_feed(request: HttpRequest, slug: str) -> HttpResponse:
    fingerprint = _fingerprint(f"module:{slug}", lambda: selectors.module_fingerprint(slug))
    if not fingerprint.found:
        raise Http404

    def build() -> bytes:
        sessions = list(selectors.with_days(selectors.module_sessions(slug)))
        name = sessions[0].module.title if sessions else slug
        return ical.programme_calendar(sessions, name=name)

    return _serve(
        request,
        fingerprint=fingerprint,
        build=build,
        filename=f"{slug}.ics",
        private=False,
        language=_public_language(),
    )


@require_safe
def personal_feed(request: HttpRequest, token: str) -> HttpResponse:
    user = selectors.feed_token_owner(token)
    if user is None:
        raise Http404
    # The feed shows plan items and sessions too: a change to any plan or session makes
    # the fingerprint anew ("feed-fingerprint-personal" names those kinds).
    fingerprint = cached_value(
        "feed-fingerprint-personal",
        viewer=user,
        build=lambda: selectors.personal_fingerprint(user=user),
    )
    return _serve(
        request,
        fingerprint=fingerprint,
        build=lambda: ical.personal_calendar(user),
        filename="introduktion.ics",
        private=True,
        language=user.preferred_language or settings.LANGUAGE_CODE,
    )


# -- the personal link, managed from the profile page -----------------------------------


def feed_urls(token: str) -> tuple[str, str]:
    """The https address and the webcal:// address that opens a calendar app."""
    url = settings.SITE_URL.rstrip("/") + reverse("feeds:personal", args=[token])
    _scheme, _sep, rest = url.partition("://")
    return url, f"webcal://{rest}"


@login_required
@require_POST
def token_issue(request: HttpRequest) -> HttpResponse:
    token = services.feed_token_issue(user=request.user)
    url, webcal = feed_urls(token)
    # Shown on this response only: the token itself is never stored or sent again.
    response = render_profile(request, feed_link=url, feed_webcal=webcal)
    add_never_cache_headers(response)
    return response


@login_required
@require_POST
def token_revoke(request: HttpRequest) -> HttpResponse:
    if services.feed_token_revoke(user=request.user):
        messages.success(
            request, _("Din kalenderlänk är borttagen. Kalendrar som använde den uppdateras inte.")
        )
    return redirect("accounts:profile")
