import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse

from lms.feeds import ical, services
from lms.programme import services as programme_services
from lms.programme.models import CourseSession, Enrolment

from ..factories import UserFactory
from .helpers import by_uid, events, parse

pytestmark = pytest.mark.django_db

T = datetime.time
PROGRAMME = "/calendar/programme.ics"


def test_addresses_are_the_public_contract():
    assert reverse("feeds:programme") == "/calendar/programme.ics"
    assert reverse("feeds:module", args=["bbic"]) == "/calendar/modules/bbic.ics"
    assert reverse("feeds:personal", args=["abc_-1"]) == "/calendar/u/abc_-1.ics"


def test_programme_feed_headers(client, module, make_session):
    make_session(module)
    response = client.get(PROGRAMME, HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'inline; filename="programme.ics"'
    assert response["Cache-Control"] == "public, max-age=900"
    assert response["ETag"].startswith('"')
    assert "Last-Modified" in response
    assert "Content-Encoding" not in response
    calendar, second = parse(response.content)
    assert len(calendar.walk("VEVENT")) == 1
    assert len(second.events) == 1
    assert str(calendar["X-WR-CALNAME"]) == "Introduktionsprogrammet – kurstillfällen"


def test_head_and_no_post(client, module, make_session):
    make_session(module)
    assert client.head(PROGRAMME).status_code == 200
    assert client.post(PROGRAMME).status_code == 405


def test_programme_feed_is_swedish_whatever_the_browser_language(
    client, module, make_session, coordinator, settings
):
    programme_services.session_cancel(session=make_session(module), by=coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    (event,) = events(client.get(PROGRAMME).content)
    assert str(event["SUMMARY"]).startswith("INSTÄLLT: ")


def test_conditional_get_gives_304_and_a_change_a_new_etag(
    client, module, make_session, coordinator
):
    session = make_session(module)
    first = client.get(PROGRAMME)
    etag, last_modified = first["ETag"], first["Last-Modified"]

    again = client.get(PROGRAMME, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert again["Cache-Control"] == "public, max-age=900"
    assert client.get(PROGRAMME, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    assert client.get(PROGRAMME, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200

    programme_services.session_cancel(session=session, by=coordinator)
    changed = client.get(PROGRAMME, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    (before,), (after,) = events(first.content), events(changed.content)
    assert str(after["UID"]) == str(before["UID"])
    assert int(after["SEQUENCE"]) == int(before["SEQUENCE"]) + 1
    assert str(after["STATUS"]) == "CANCELLED"
    assert str(after["SUMMARY"]).startswith("INSTÄLLT: ")


def test_publishing_and_new_days_change_the_etag(client, module, make_session, coordinator):
    draft = make_session(module, status=CourseSession.Status.DRAFT)
    empty = client.get(PROGRAMME)
    assert events(empty.content) == []
    programme_services.session_publish(session=draft, by=coordinator)
    published = client.get(PROGRAMME)
    assert published["ETag"] != empty["ETag"]
    assert len(events(published.content)) == 1
    # A day added without touching the session still shows.
    draft.days.create(date=datetime.date(2026, 3, 31), start=T(9), end=T(12))
    more = client.get(PROGRAMME)
    assert more["ETag"] != published["ETag"]
    assert len(events(more.content)) == 2


def test_uids_are_stable_across_requests(client, module, make_session):
    make_session(module)
    make_session(module, (datetime.date(2026, 4, 2), T(9), T(12)))
    first = set(by_uid(client.get(PROGRAMME).content))
    cache.clear()
    assert set(by_uid(client.get(PROGRAMME).content)) == first


def test_unchanged_feed_is_not_rebuilt(client, module, make_session, monkeypatch):
    make_session(module)
    calls = []
    real = ical.programme_calendar

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(ical, "programme_calendar", counting)
    first = client.get(PROGRAMME)
    second = client.get(PROGRAMME)
    assert len(calls) == 1
    assert first.content == second.content


def test_module_feed(client, module, other_module, make_session):
    ours = make_session(module)
    make_session(other_module)
    make_session(module, status=CourseSession.Status.DRAFT)
    response = client.get("/calendar/modules/bbic.ics")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'inline; filename="bbic.ics"'
    assert response["Cache-Control"] == "public, max-age=900"
    calendar, second = parse(response.content)
    assert [str(e["UID"]).split("-day-")[0] for e in calendar.walk("VEVENT")] == [
        f"session-{ours.pk}"
    ]
    assert str(calendar["X-WR-CALNAME"]) == "Utredning enligt BBIC"
    assert len(second.events) == 1
    assert (
        client.get("/calendar/modules/bbic.ics", HTTP_IF_NONE_MATCH=response["ETag"]).status_code
        == 304
    )


def test_module_without_sessions_is_an_empty_calendar(client, module):
    response = client.get("/calendar/modules/bbic.ics")
    assert response.status_code == 200
    assert events(response.content) == []


def test_unknown_module_is_404(client, module):
    assert client.get("/calendar/modules/finns-inte.ics").status_code == 404


# -- personal feed ----------------------------------------------------------------


def _personal(token: str) -> str:
    return f"/calendar/u/{token}.ics"


def test_personal_feed(client, module, make_session, book, newcomer, other_newcomer):
    session = make_session(module)
    book(session, newcomer, Enrolment.Status.WAITLISTED)
    book(session, other_newcomer)
    token = services.feed_token_issue(user=newcomer)
    response = client.get(_personal(token), HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, max-age=900"
    assert response["Content-Disposition"] == 'inline; filename="introduktion.ics"'
    assert "Content-Encoding" not in response
    calendar, second = parse(response.content)
    (event,) = calendar.walk("VEVENT")
    assert "Reserv" in str(event["DESCRIPTION"])
    assert len(second.events) == 1
    text = response.content.decode()
    for name in (other_newcomer.first_name, other_newcomer.last_name, other_newcomer.email):
        assert name not in text
    assert token not in text

    again = client.get(_personal(token), HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert again["Cache-Control"] == "private, max-age=900"


def test_personal_feed_follows_booking_changes(
    client, module, make_session, book, newcomer, manager
):
    session = make_session(module)
    enrolment = book(session, newcomer)
    token = services.feed_token_issue(user=newcomer)
    first = client.get(_personal(token))
    programme_services.enrolment_cancel(enrolment=enrolment, by=manager)
    changed = client.get(_personal(token), HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    (event,) = events(changed.content)
    assert str(event["STATUS"]) == "CANCELLED"


@pytest.mark.parametrize("token", ["x", "A" * 43, "not-a-token" * 30])
def test_bad_token_is_404(client, newcomer, token):
    services.feed_token_issue(user=newcomer)
    response = client.get(_personal(token))
    assert response.status_code == 404
    assert b"BEGIN:VCALENDAR" not in response.content


def test_revoked_and_replaced_tokens_are_404(client, newcomer):
    old = services.feed_token_issue(user=newcomer)
    assert client.get(_personal(old)).status_code == 200
    new = services.feed_token_issue(user=newcomer)
    assert client.get(_personal(old)).status_code == 404
    assert client.get(_personal(new)).status_code == 200
    services.feed_token_revoke(user=newcomer)
    assert client.get(_personal(new)).status_code == 404


def test_inactive_persons_token_is_404(client, newcomer):
    token = services.feed_token_issue(user=newcomer)
    newcomer.is_active = False
    newcomer.save()
    assert client.get(_personal(token)).status_code == 404


# -- performance: an unchanged feed costs one query, whatever its size --------------


def _sessions(make_session, module, count):
    start = datetime.date(2026, 2, 2)
    for n in range(count):
        day = start + datetime.timedelta(days=7 * n)
        make_session(module, (day, T(9), T(12)), (day + datetime.timedelta(days=1), T(9), T(12)))


@pytest.mark.parametrize("count", [3, 30])
def test_public_query_counts_do_not_grow(
    client, module, make_session, django_assert_num_queries, count
):
    _sessions(make_session, module, count)
    # Cold: fingerprint, sessions with modules, days.
    with django_assert_num_queries(4):  # + 1: the version counters, read once per request
        full = client.get(PROGRAMME)
    assert len(events(full.content)) == 2 * count
    # Warm: fingerprint and bytes both come from the cache (programme version).
    with django_assert_num_queries(1):  # + 1: the version counters, read once per request
        assert client.get(PROGRAMME).content == full.content
    with django_assert_num_queries(1):  # + 1: the version counters, read once per request
        assert client.get(PROGRAMME, HTTP_IF_NONE_MATCH=full["ETag"]).status_code == 304
    # + 1 each: the version counters, read once per request
    with django_assert_num_queries(4):
        assert client.get("/calendar/modules/bbic.ics").status_code == 200
    with django_assert_num_queries(1):
        assert client.get("/calendar/modules/bbic.ics").status_code == 200


@pytest.mark.parametrize("count", [3, 30])
def test_personal_query_counts_do_not_grow(
    client, module, make_session, book, newcomer, django_assert_num_queries, count
):
    _sessions(make_session, module, count)
    for session in CourseSession.objects.all():
        book(session, newcomer)
    token = services.feed_token_issue(user=newcomer)
    # Token, fingerprint (bookings, plan items, supervision sessions), enrolments with
    # sessions and modules, days, plan items, supervision sessions.
    with django_assert_num_queries(9):  # + 1: the version counters, read once per request
        full = client.get(_personal(token))
    assert len(events(full.content)) == 2 * count
    # Warm: only the token lookup; a revoked token must still be refused at once.
    with django_assert_num_queries(2):  # + 1: the version counters, read once per request
        assert client.get(_personal(token)).status_code == 200
    with django_assert_num_queries(2):  # + 1: the version counters, read once per request
        assert client.get(_personal(token), HTTP_IF_NONE_MATCH=full["ETag"]).status_code == 304


def test_other_peoples_bookings_do_not_touch_my_feed(client, module, make_session, book, newcomer):
    session = make_session(module)
    book(session, newcomer)
    token = services.feed_token_issue(user=newcomer)
    etag = client.get(_personal(token))["ETag"]
    book(session, UserFactory())
    assert client.get(_personal(token), HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_a_cached_feed_changes_at_once_when_a_session_is_cancelled(client, module, make_session):
    from lms.programme.services import session_cancel
    from tests.factories import UserFactory

    session = make_session(module, (datetime.date(2027, 3, 30), T(9), T(12)))
    first = client.get(PROGRAMME)
    assert client.get(PROGRAMME, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    session_cancel(session=session, by=UserFactory(is_superuser=True))
    second = client.get(PROGRAMME, HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200
    assert b"STATUS:CANCELLED" in second.content
