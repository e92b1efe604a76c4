"""Supervision and mentor sessions in the personal feed: in the author's and the
participants' feeds, stable UIDs, SEQUENCE from the session, local times, the other
party's short name, cancelled ones marked, and never the summary or the private note."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.utils import timezone

from lms.feeds import ical, services
from lms.feeds.views import BUILD_VERSION
from lms.supervision import services as supervision
from lms.supervision.models import SessionKind
from tests.supervision.factories import PlanFactory

from ..factories import UserFactory
from .helpers import by_uid, events, parse

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NOTE = "Privat: orolig för hennes arbetsbelastning"
SUMMARY = "Vi pratade om din första utredning"


@pytest.fixture
def people(newcomer, supervisor, mentor):
    newcomer.first_name, newcomer.last_name = "Amira", "Hassan"
    newcomer.save()
    supervisor.first_name, supervisor.last_name = "Sofia", "Nyström"
    supervisor.save()
    PlanFactory(newcomer=newcomer, mentor=mentor, supervisor=supervisor)
    return newcomer, supervisor


def _next_week(hour=9, minute=30) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=7)
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=STOCKHOLM)


def _plan_one(author, newcomers, **values):
    values.setdefault("kind", SessionKind.ONE_TO_ONE)
    values.setdefault("starts_at", _next_week())
    values.setdefault("duration_minutes", 45)
    return supervision.session_log(
        by=author,
        newcomers=newcomers,
        status="planned",
        place=values.pop("place", "Rum 3, Norra huset"),
        private_note=NOTE,
        shared_summary=SUMMARY,
        **values,
    )


def _feed(client, person, **headers):
    token = services.feed_token_issue(user=person)
    return token, client.get(f"/calendar/u/{token}.ics", **headers)


def _get(client, token, **headers):
    return client.get(f"/calendar/u/{token}.ics", **headers)


def test_a_planned_session_is_in_both_feeds(client, people):
    newcomer, supervisor = people
    session = _plan_one(supervisor, [newcomer])
    uid = ical.supervision_uid(session.pk)
    assert uid == f"supervision-{session.pk}@127.0.0.1"

    _token, mine = _feed(client, supervisor)
    _first, second = parse(mine.content)  # both parsers read it
    event = by_uid(mine.content)[uid]
    assert str(event["SUMMARY"]) == "Individuell handledning (1:1) – Amira H."
    assert int(event["SEQUENCE"]) == 0
    assert str(event["LOCATION"]) == "Rum 3, Norra huset"
    assert str(event["STATUS"]) == "CONFIRMED"
    start = event.decoded("DTSTART")
    assert start == _next_week()
    assert str(start.tzinfo) == "Europe/Stockholm"
    assert event.decoded("DTEND") - start == datetime.timedelta(minutes=45)
    assert "DTSTART;TZID=Europe/Stockholm:" in mine.content.decode()
    assert f"/supervision/sessions/{session.pk}/" in str(event["URL"])
    parsed = {e.uid: e for e in second.events}
    assert parsed[uid].dtstart == _next_week()

    _token, theirs = _feed(client, newcomer)
    event = by_uid(theirs.content)[uid]
    assert str(event["SUMMARY"]) == "Individuell handledning (1:1) – Sofia N."

    for body in (mine.content.decode(), theirs.content.decode()):
        assert NOTE not in body
        assert SUMMARY not in body
        assert "Hassan" not in body.replace("Amira H.", "")


def test_a_group_says_how_many_newcomers(client, people, unit):
    newcomer, supervisor = people
    others = [UserFactory(unit=unit) for _ in range(2)]
    for person in others:
        PlanFactory(newcomer=person, supervisor=supervisor)
    session = _plan_one(supervisor, [newcomer, *others], kind=SessionKind.GROUP)
    _token, mine = _feed(client, supervisor)
    event = by_uid(mine.content)[ical.supervision_uid(session.pk)]
    assert str(event["SUMMARY"]) == "Grupphandledning – 3 nyanställda"
    _token, theirs = _feed(client, others[0])
    event = by_uid(theirs.content)[ical.supervision_uid(session.pk)]
    assert str(event["SUMMARY"]) == "Grupphandledning – Sofia N."


def test_strangers_do_not_get_the_session(client, people, mentor, manager):
    newcomer, supervisor = people
    session = _plan_one(supervisor, [newcomer])
    for person in (mentor, manager):
        _token, response = _feed(client, person)
        assert ical.supervision_uid(session.pk) not in by_uid(response.content)


def test_a_move_raises_sequence_and_changes_the_etag(client, people):
    newcomer, supervisor = people
    session = _plan_one(supervisor, [newcomer])
    token, first = _feed(client, newcomer)
    assert _get(client, token, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304

    supervision.session_update(
        session=session, by=supervisor, revision=session.revision, starts_at=_next_week(13)
    )
    moved = _get(client, token, HTTP_IF_NONE_MATCH=first["ETag"])
    assert moved.status_code == 200
    assert moved["ETag"] != first["ETag"]
    event = by_uid(moved.content)[ical.supervision_uid(session.pk)]
    assert int(event["SEQUENCE"]) == 1
    assert event.decoded("DTSTART") == _next_week(13)
    assert _get(client, token, HTTP_IF_NONE_MATCH=moved["ETag"]).status_code == 304


def test_a_change_to_the_summary_alone_leaves_the_event_as_it_was(client, people):
    newcomer, supervisor = people
    session = _plan_one(supervisor, [newcomer])
    token, first = _feed(client, newcomer)
    supervision.session_update(
        session=session, by=supervisor, revision=session.revision, shared_summary="Ny text"
    )
    again = _get(client, token)
    (before,) = [e for e in events(first.content) if "supervision" in str(e["UID"])]
    (after,) = [e for e in events(again.content) if "supervision" in str(e["UID"])]
    assert int(after["SEQUENCE"]) == int(before["SEQUENCE"]) == 0
    assert "Ny text" not in again.content.decode()


def test_a_cancelled_session_stays_marked_cancelled(client, people):
    newcomer, supervisor = people
    session = _plan_one(supervisor, [newcomer])
    token, first = _feed(client, newcomer)
    supervision.session_cancel(session=session, by=supervisor)
    response = _get(client, token, HTTP_IF_NONE_MATCH=first["ETag"])
    assert response.status_code == 200
    event = by_uid(response.content)[ical.supervision_uid(session.pk)]
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["SUMMARY"]).startswith("INSTÄLLT: Individuell handledning (1:1)")
    assert int(event["SEQUENCE"]) == 1
    assert str(event["TRANSP"]) == "TRANSPARENT"


def test_a_planned_session_marked_held_stays_in_the_calendar(client, people):
    newcomer, supervisor = people
    session = _plan_one(supervisor, [newcomer])
    token, first = _feed(client, supervisor)
    supervision.session_mark_held(
        session=session, by=supervisor, now=_next_week() + datetime.timedelta(hours=1)
    )
    response = _get(client, token, HTTP_IF_NONE_MATCH=first["ETag"])
    assert response.status_code == 200
    event = by_uid(response.content)[ical.supervision_uid(session.pk)]
    assert str(event["STATUS"]) == "CONFIRMED"
    assert int(event["SEQUENCE"]) == 1


def test_logging_a_session_changes_the_participants_etag(client, people):
    newcomer, supervisor = people
    token, first = _feed(client, newcomer)
    _plan_one(supervisor, [newcomer])
    response = _get(client, token, HTTP_IF_NONE_MATCH=first["ETag"])
    assert response.status_code == 200
    assert response["Last-Modified"]


def test_other_peoples_sessions_leave_the_feed_unchanged(client, people, unit):
    newcomer, supervisor = people
    token, first = _feed(client, newcomer)
    someone = UserFactory(unit=unit)
    PlanFactory(newcomer=someone, supervisor=supervisor)
    _plan_one(supervisor, [someone])
    assert _get(client, token, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_the_feed_follows_the_persons_language(client, people):
    newcomer, supervisor = people
    newcomer.preferred_language = "en"
    newcomer.save()
    session = _plan_one(supervisor, [newcomer])
    supervision.session_cancel(session=session, by=supervisor)
    _token, response = _feed(client, newcomer)
    event = by_uid(response.content)[ical.supervision_uid(session.pk)]
    # The prefix is the one the course sessions use, translated already.
    assert str(event["SUMMARY"]).startswith("CANCELLED: ")


def test_the_build_version_was_raised_for_the_new_shape():
    assert BUILD_VERSION == "3"


@pytest.mark.parametrize("count", [2, 12])
def test_query_counts_do_not_grow_with_sessions(client, people, django_assert_num_queries, count):
    newcomer, supervisor = people
    for n in range(count):
        _plan_one(supervisor, [newcomer], starts_at=_next_week() + datetime.timedelta(days=n))
    token = services.feed_token_issue(user=supervisor)
    cache.clear()
    # Token, three fingerprint aggregates, bookings with sessions, plan items, supervision
    # sessions, their participants.
    with django_assert_num_queries(9):  # + 1: the version counters, read once per request
        full = _get(client, token)
    assert len([e for e in events(full.content) if "supervision" in str(e["UID"])]) == count
    body = full.content.decode()
    assert NOTE not in body
    assert SUMMARY not in body
