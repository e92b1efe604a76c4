"""Plan due dates in the personal feed: all-day events, only the person's own items and
the items they are responsible for as mentor or supervisor, and nothing private."""

import datetime

import pytest
from django.utils.http import parse_http_date

from lms.accounts.models import User
from lms.feeds import ical, services
from lms.plans.models import IntroductionPlan, PlanItem, Responsible
from lms.plans.services.items import (
    plan_item_add,
    plan_item_complete,
    plan_item_remove,
    plan_item_update,
)

from ..factories import UserFactory
from .helpers import by_uid, events, parse

pytestmark = pytest.mark.django_db

D = datetime.date
PLAN_DAY = D(2027, 1, 15)
SECRET = "Min hemliga reflektion om hembesöket"
PRIVATE_NOTE = "Beskrivning bara för planen"


def _feed(client, person, **headers):
    token = services.feed_token_issue(user=person)
    return token, client.get(f"/calendar/u/{token}.ics", **headers)


def _get(client, token, **headers):
    return client.get(f"/calendar/u/{token}.ics", **headers)


@pytest.fixture
def named_newcomer(newcomer):
    newcomer.first_name, newcomer.last_name = "Anna", "Andersson"
    newcomer.save()
    return newcomer


def test_own_items_are_all_day_events_with_stable_uids(client, named_newcomer, make_plan, add_item):
    plan = make_plan(named_newcomer)
    read = add_item(plan, "Läs riktlinjen", D(2027, 1, 15), description=PRIVATE_NOTE)
    talk = add_item(plan, "Samtal med mentor", D(2027, 2, 1), responsible=Responsible.MENTOR)
    waiting = add_item(plan, "Gå bredvid", D(2027, 2, 3), status=PlanItem.Status.WAITING)
    add_item(plan, "Redan klar", status=PlanItem.Status.DONE, reflection=SECRET)
    add_item(plan, "Borttagen", removed_at=datetime.datetime(2027, 1, 12, tzinfo=datetime.UTC))

    token, response = _feed(client, named_newcomer)
    _calendar, second = parse(response.content)
    found = by_uid(response.content)
    assert set(found) == {ical.plan_item_uid(i.pk) for i in (read, talk, waiting)}
    assert ical.plan_item_uid(read.pk) == f"plan-item-{read.pk}@127.0.0.1"

    event = found[ical.plan_item_uid(read.pk)]
    assert event.decoded("DTSTART") == D(2027, 1, 15)
    assert event.decoded("DTEND") == D(2027, 1, 16)
    assert str(event["TRANSP"]) == "TRANSPARENT"
    assert str(event["SUMMARY"]) == "Klart senast: Läs riktlinjen"
    assert int(event["SEQUENCE"]) == 0
    assert event["CATEGORIES"].cats == ["Introduktionsplan"]
    assert "Ansvarig: Nyanställd" in str(event["DESCRIPTION"])
    assert str(event["URL"]) == "http://127.0.0.1:8000/plans/mine/"
    assert "Ansvarig: Mentor" in str(found[ical.plan_item_uid(talk.pk)]["DESCRIPTION"])
    text = response.content.decode()
    assert "DTSTART;VALUE=DATE:20270115" in text
    assert "DTEND;VALUE=DATE:20270116" in text

    # The independent parser reads them as all-day events too.
    parsed = {e.uid: e for e in second.events}
    assert parsed[ical.plan_item_uid(read.pk)].dtstart == D(2027, 1, 15)
    assert parsed[ical.plan_item_uid(read.pk)].dtend == D(2027, 1, 16)

    # Neither the item's description nor anyone's reflection goes into a calendar.
    assert PRIVATE_NOTE not in text
    assert SECRET not in text
    assert "Redan klar" not in text
    assert "Borttagen" not in text

    # Built again from scratch: the same UIDs.
    from django.core.cache import cache

    cache.clear()
    assert set(by_uid(_get(client, token).content)) == set(found)


def test_other_peoples_plans_do_not_appear(client, newcomer, other_newcomer, make_plan, add_item):
    add_item(make_plan(newcomer), "Mitt")
    add_item(make_plan(other_newcomer), "Någon annans", responsible=Responsible.MENTOR)
    _token, response = _feed(client, newcomer)
    assert [str(e["SUMMARY"]) for e in events(response.content)] == ["Klart senast: Mitt"]


def test_closed_and_done_plans_drop_out(client, newcomer, make_plan, add_item):
    add_item(make_plan(newcomer, status=IntroductionPlan.Status.DONE), "Gammal plan")
    plan = make_plan(newcomer)
    add_item(plan, "Pågående")
    token, first = _feed(client, newcomer)
    assert [str(e["SUMMARY"]) for e in events(first.content)] == ["Klart senast: Pågående"]

    plan.status = IntroductionPlan.Status.CLOSED
    plan.save()
    closed = _get(client, token, HTTP_IF_NONE_MATCH=first["ETag"])
    assert closed.status_code == 200
    assert events(closed.content) == []


def test_mentor_sees_only_mentor_items_of_their_newcomers(
    client, named_newcomer, other_newcomer, mentor, supervisor, make_plan, add_item
):
    plan = make_plan(named_newcomer, mentor=mentor, supervisor=supervisor)
    talk = add_item(
        plan,
        "Samtal om första veckan",
        D(2027, 1, 18),
        responsible=Responsible.MENTOR,
        description=PRIVATE_NOTE,
        reflection=SECRET,
    )
    visit = add_item(plan, "Gå bredvid", D(2027, 1, 20), responsible=Responsible.SUPERVISOR)
    add_item(plan, "Läs riktlinjen", reflection=SECRET)  # the newcomer's own
    add_item(plan, "Dator klar", responsible=Responsible.MANAGER)
    add_item(plan, "Klar sedan länge", responsible=Responsible.MENTOR, status="done")
    # A plan where the mentor is not the mentor.
    add_item(make_plan(other_newcomer), "Inte min adept", responsible=Responsible.MENTOR)

    _token, response = _feed(client, mentor)
    calendar, second = parse(response.content)
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == ical.plan_item_uid(talk.pk)
    assert str(event["SUMMARY"]) == "Klart senast: Samtal om första veckan – Anna A."
    assert str(event["URL"]) == f"http://127.0.0.1:8000/plans/{plan.pk}/"
    assert event.decoded("DTSTART") == D(2027, 1, 18)
    assert len(second.events) == 1
    text = response.content.decode()
    for private in (SECRET, PRIVATE_NOTE, "Andersson", named_newcomer.email):
        assert private not in text

    _token, response = _feed(client, supervisor)
    (event,) = events(response.content)
    assert str(event["UID"]) == ical.plan_item_uid(visit.pk)
    assert str(event["SUMMARY"]) == "Klart senast: Gå bredvid – Anna A."
    assert "Ansvarig: Handledare" in str(event["DESCRIPTION"])


def test_short_name_keeps_only_the_initial():
    assert ical.short_name(User(first_name="Anna", last_name="Åberg")) == "Anna Å."
    assert ical.short_name(User(first_name="Anna", last_name="")) == "Anna"
    assert ical.short_name(User(first_name=" ", last_name="", email="a@b.test")) == "Nyanställd"


def test_moving_a_due_date_raises_sequence_and_changes_the_etag(
    client, newcomer, manager, make_plan, add_item
):
    item = add_item(make_plan(newcomer), "Läs riktlinjen", D(2027, 1, 15))
    token, first = _feed(client, newcomer)
    assert _get(client, token, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304

    plan_item_update(item=item, by=manager, revision=item.revision, due_date=D(2027, 1, 22))
    moved = _get(client, token, HTTP_IF_NONE_MATCH=first["ETag"])
    assert moved.status_code == 200
    assert moved["ETag"] != first["ETag"]
    (before,), (after,) = events(first.content), events(moved.content)
    assert str(after["UID"]) == str(before["UID"])
    assert int(after["SEQUENCE"]) == int(before["SEQUENCE"]) + 1
    assert after.decoded("DTSTART") == D(2027, 1, 22)
    assert after.decoded("DTEND") == D(2027, 1, 23)
    assert _get(client, token, HTTP_IF_NONE_MATCH=moved["ETag"]).status_code == 304


def test_a_done_item_changes_the_etag_and_leaves_the_feed(client, newcomer, make_plan, add_item):
    plan = make_plan(newcomer)
    item = add_item(plan, "Läs riktlinjen")
    later = add_item(plan, "Nästa punkt", D(2027, 2, 1))
    # Everything else in the feed is older than the item about to be done.
    long_ago = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    PlanItem.objects.filter(pk=later.pk).update(updated_at=long_ago)
    IntroductionPlan.objects.filter(pk=plan.pk).update(updated_at=long_ago)
    token, first = _feed(client, newcomer)

    plan_item_complete(item=item, by=newcomer, reflection=SECRET)
    done = _get(client, token, HTTP_IF_NONE_MATCH=first["ETag"])
    assert done.status_code == 200
    assert [str(e["SUMMARY"]) for e in events(done.content)] == ["Klart senast: Nästa punkt"]
    assert SECRET not in done.content.decode()
    # Last-Modified never goes back when the newest item leaves the feed, so a client
    # that only sends If-Modified-Since still gets the change.
    assert parse_http_date(done["Last-Modified"]) >= parse_http_date(first["Last-Modified"])


def test_a_removed_item_leaves_the_feed(client, newcomer, manager, make_plan, add_item):
    item = add_item(make_plan(newcomer), "Läs riktlinjen")
    token, first = _feed(client, newcomer)
    plan_item_remove(item=item, by=manager)
    removed = _get(client, token, HTTP_IF_NONE_MATCH=first["ETag"])
    assert removed.status_code == 200
    assert events(removed.content) == []


def test_an_added_item_changes_the_etag(client, newcomer, manager, make_plan, add_item):
    plan = make_plan(newcomer)
    add_item(plan, "Läs riktlinjen")
    token, first = _feed(client, newcomer)
    plan_item_add(
        plan=plan, by=manager, title="Ny punkt", due_date=D(2027, 3, 1), responsible="newcomer"
    )
    added = _get(client, token, HTTP_IF_NONE_MATCH=first["ETag"])
    assert added.status_code == 200
    assert len(events(added.content)) == 2


def test_becoming_mentor_later_changes_the_mentors_feed(
    client, newcomer, mentor, make_plan, add_item
):
    plan = make_plan(newcomer)
    add_item(plan, "Samtal", responsible=Responsible.MENTOR)
    token, first = _feed(client, mentor)
    assert events(first.content) == []

    plan.mentor = mentor
    plan.save()
    now_mentor = _get(client, token, HTTP_IF_NONE_MATCH=first["ETag"])
    assert now_mentor.status_code == 200
    assert len(events(now_mentor.content)) == 1

    plan.mentor = UserFactory()
    plan.save()
    replaced = _get(client, token, HTTP_IF_NONE_MATCH=now_mentor["ETag"])
    assert replaced.status_code == 200
    assert events(replaced.content) == []


def test_other_plans_changing_leave_the_feed_unchanged(
    client, newcomer, other_newcomer, manager, make_plan, add_item
):
    add_item(make_plan(newcomer), "Mitt")
    theirs = add_item(make_plan(other_newcomer), "Deras", responsible=Responsible.MENTOR)
    token, first = _feed(client, newcomer)
    theirs.title = "Deras, ändrad"
    theirs.save()
    assert _get(client, token, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_the_feed_follows_the_persons_language(client, newcomer, make_plan, add_item):
    newcomer.preferred_language = "en"
    newcomer.save()
    add_item(make_plan(newcomer), "Läs riktlinjen")
    _token, response = _feed(client, newcomer)
    (event,) = events(response.content)
    assert "Newcomer" in str(event["DESCRIPTION"])
    assert str(event["CATEGORIES"].cats[0]) == "Introduction plan"


# -- performance ----------------------------------------------------------------------


@pytest.mark.parametrize("count", [3, 30])
def test_query_counts_do_not_grow_with_items(
    client,
    newcomer,
    mentor,
    module,
    make_session,
    book,
    make_plan,
    add_item,
    django_assert_num_queries,
    count,
):
    book(make_session(module), mentor)
    own = make_plan(mentor)
    for n in range(count):
        add_item(own, f"Egen punkt {n}", PLAN_DAY + datetime.timedelta(days=n))
    theirs = make_plan(newcomer, mentor=mentor)
    for n in range(count):
        add_item(theirs, f"Mentorspunkt {n}", PLAN_DAY, responsible=Responsible.MENTOR)
    token = services.feed_token_issue(user=mentor)

    # Token, three fingerprint aggregates, bookings with sessions, days, plan items,
    # supervision sessions (none: their participants are not asked for).
    with django_assert_num_queries(9):  # + 1: the version counters, read once per request
        full = _get(client, token)
    assert len(events(full.content)) == 1 + 2 * count
    # Unchanged: the token lookup only (fingerprint and bytes are cached).
    with django_assert_num_queries(2):  # + 1: the version counters, read once per request
        assert _get(client, token, HTTP_IF_NONE_MATCH=full["ETag"]).status_code == 304
    # Someone else's plan changes: the fingerprint is made anew, nothing is built.
    add_item(make_plan(UserFactory(unit=newcomer.unit)), "Annan plan")
    with django_assert_num_queries(5):  # + 1: the version counters, read once per request
        assert _get(client, token, HTTP_IF_NONE_MATCH=full["ETag"]).status_code == 304
