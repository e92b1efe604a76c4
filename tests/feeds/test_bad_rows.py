"""A row whose dates no calendar can hold (stored before the forms were bounded, or by a
script) is left out of the feed and logged by model and id; the rest is served."""

import datetime
import logging

import pytest
from django.utils import timezone

from lms.feeds import ical, services
from lms.plans.models import PlanItem
from lms.programme.models import SessionDay
from lms.supervision.models import Session
from tests.supervision.factories import PlanFactory, SessionFactory

from .helpers import by_uid

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
#: The last half hour of the calendar in UTC: in Stockholm it would be year 10000.
LAST_MOMENT = datetime.datetime(9999, 12, 31, 23, 30, tzinfo=UTC)
SECRET_TITLE = "Samtal om min sjukskrivning"


def _feed(client, person):
    token = services.feed_token_issue(user=person)
    return client.get(f"/calendar/u/{token}.ics")


def test_the_personal_feed_leaves_out_a_bad_item_and_a_bad_session_and_serves_the_rest(
    client, newcomer, supervisor, add_item, caplog
):
    newcomer.first_name, newcomer.last_name = "Amira", "Hassan"
    newcomer.save()
    plan = PlanFactory(newcomer=newcomer, supervisor=supervisor)
    soon = timezone.localdate() + datetime.timedelta(days=10)
    good_item = add_item(plan, "Läs riktlinjen", soon)
    bad_item = add_item(plan, SECRET_TITLE, soon)
    # Stored past the forms and services, as an old row or a script could have.
    PlanItem.objects.filter(pk=bad_item.pk).update(due_date=datetime.date(9999, 12, 31))
    good_session = SessionFactory(author=supervisor, newcomers=[newcomer])
    bad_session = SessionFactory(author=supervisor, newcomers=[newcomer], place="Rum 3")
    Session.objects.filter(pk=bad_session.pk).update(starts_at=LAST_MOMENT)

    with caplog.at_level(logging.WARNING, logger="lms.feeds.ical"):
        response = _feed(client, newcomer)

    assert response.status_code == 200
    found = by_uid(response.content)
    assert ical.plan_item_uid(good_item.pk) in found
    assert ical.supervision_uid(good_session.pk) in found
    assert ical.plan_item_uid(bad_item.pk) not in found
    assert ical.supervision_uid(bad_session.pk) not in found
    lines = [r.getMessage() for r in caplog.records if r.name == "lms.feeds.ical"]
    assert lines == [
        f"Calendar event left out: plans.PlanItem {bad_item.pk} cannot be rendered (OverflowError)",
        f"Calendar event left out: supervision.Session {bad_session.pk} cannot be rendered "
        "(OverflowError)",
    ]
    for text in (SECRET_TITLE, "Amira", "Hassan", newcomer.email, "Rum 3"):
        assert not any(text in line for line in lines)

    # The author's feed holds the same session: it is left out there too.
    assert _feed(client, supervisor).status_code == 200


def test_the_public_feeds_serve_sessions_on_the_outermost_days(
    client, module, make_session, caplog
):
    """Days at the very ends of the calendar can still be written (local time, no
    conversion); whatever cannot is left out by the same guard."""
    good = make_session(module)
    edge = make_session(module)
    SessionDay.objects.filter(session=edge).update(date=datetime.date(9999, 12, 31))
    early = make_session(module, (datetime.date(1, 1, 1), datetime.time(0), datetime.time(1)))
    for url in ("/calendar/programme.ics", "/calendar/modules/bbic.ics"):
        response = client.get(url)
        assert response.status_code == 200
        found = by_uid(response.content)
        for session in (good, edge, early):
            (day,) = session.days.all()
            assert ical.day_uid(session.pk, day.pk) in found
