"""A newcomer's request for a course place reaches the managers who decide it: a notice
each, the request on their start page with approve and decline in place, and the answer
back to the newcomer. Timing problems are told on both sides."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from lms.accounts.models import Role
from lms.notifications.events import stale_requests
from lms.notifications.models import EmailChoice, EmailStatus, Notification, Preference
from lms.programme import selectors, services
from lms.programme.models import Enrolment
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

S = Enrolment.Status


def url(name, *args):
    return reverse(f"programme:{name}", args=args)


@pytest.fixture
def asked(make_session, newcomer):
    return services.enrolment_request(session=make_session(), person=newcomer)


def _notices(kind, **filters):
    return list(Notification.objects.filter(kind=kind, **filters).order_by("pk"))


# -- the managers are told -------------------------------------------------------------


def test_each_manager_of_the_newcomers_unit_gets_a_notice(
    unit, other_unit, manager, newcomer, make_session
):
    second = UserFactory(unit=unit, roles=[(Role.MANAGER, unit)])
    UserFactory(roles=[(Role.MANAGER, other_unit)])  # another unit's manager: not told
    Preference.objects.create(user=second, kind="booking_request", email=EmailChoice.OFF)
    enrolment = services.enrolment_request(session=make_session(), person=newcomer)

    notices = _notices("booking_request")
    assert {n.recipient_id for n in notices} == {manager.pk, second.pk}
    by_recipient = {n.recipient_id: n for n in notices}
    assert by_recipient[manager.pk].email_status == EmailStatus.PENDING
    assert by_recipient[second.pk].email_status == EmailStatus.NOT_WANTED  # in-app only
    notice = by_recipient[manager.pk]
    assert notice.in_inbox and notice.url == reverse("core:start")
    assert notice.params["enrolment"] == enrolment.pk
    assert notice.title == f"{newcomer.get_full_name()} vill gå {enrolment.session.module.title}"
    with translation.override("en"):
        assert notice.lines[0].startswith(f"{newcomer.get_full_name()} would like")


def test_a_request_before_the_first_day_or_after_the_deadline_warns_the_manager(
    manager, newcomer, make_session
):
    newcomer.start_date = timezone.localdate() + datetime.timedelta(days=60)
    newcomer.save()
    services.enrolment_request(session=make_session(in_days=30), person=newcomer)
    (notice,) = _notices("booking_request")
    assert notice.params["starts_work"] == newcomer.start_date.isoformat()
    assert any("innan" in line and newcomer.start_date.isoformat() in line for line in notice.lines)


def test_the_notice_goes_stale_once_the_request_is_answered(manager, asked):
    (notice,) = _notices("booking_request")
    assert stale_requests([notice]) == {}
    services.enrolment_approve(enrolment=asked, by=manager)
    assert notice.pk in stale_requests([notice])


# -- the manager's start page ----------------------------------------------------------


def test_the_request_waits_on_the_managers_start_page_with_approve_and_decline(
    client, asked, manager
):
    client.force_login(manager)
    html = client.get(reverse("core:start")).content.decode()
    assert "Önskemål om kursplats" in html
    assert url("enrolment_approve", asked.pk) in html
    assert url("enrolment_decline", asked.pk) in html
    assert 'for="decline-reason-' in html  # the reason field has its label


def test_approving_from_the_start_page_comes_back_to_it(client, asked, manager, newcomer):
    client.force_login(manager)
    response = client.post(url("enrolment_approve", asked.pk), {"next": reverse("core:start")})
    assert response.status_code == 302 and response["Location"] == reverse("core:start")
    asked.refresh_from_db()
    assert asked.status == S.ADMITTED
    # The newcomer is told through the booking notice (with the calendar invitation).
    assert _notices("booking", recipient=newcomer)[-1].params["change"] == "admitted"
    assert "Önskemål om kursplats" not in client.get(reverse("core:start")).content.decode()


def test_declining_tells_the_newcomer_with_the_reason(client, asked, manager, newcomer):
    client.force_login(manager)
    response = client.post(
        url("enrolment_decline", asked.pk),
        {"reason": "Vi tar nästa tillfälle i höst.", "next": reverse("core:start")},
    )
    assert response["Location"] == reverse("core:start")
    asked.refresh_from_db()
    assert asked.status == S.CANCELLED and asked.nominated_by == manager
    assert asked.cancel_reason == "Vi tar nästa tillfälle i höst."
    (notice,) = _notices("booking", recipient=newcomer)
    assert notice.params["change"] == "declined"
    assert notice.title.startswith("Inte godkänd:")
    assert "Motivering: Vi tar nästa tillfälle i höst." in notice.lines


def test_declining_twice_tells_the_newcomer_once(asked, manager, newcomer):
    services.enrolment_decline(enrolment=asked, by=manager)
    services.enrolment_decline(enrolment=asked, by=manager)
    assert len(_notices("booking", recipient=newcomer)) == 1


def test_a_too_long_or_null_reason_is_refused_and_changes_nothing(client, asked, manager):
    client.force_login(manager)
    for reason in ["x" * 1001, "nej\x00"]:
        response = client.post(url("enrolment_decline", asked.pk), {"reason": reason}, follow=True)
        assert response.status_code == 200
        asked.refresh_from_db()
        assert asked.status == S.REQUESTED
        assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_only_the_newcomers_managers_and_coordinators_may_decline(
    client, asked, newcomer, other_unit
):
    other_manager = UserFactory(roles=[(Role.MANAGER, other_unit)], mfa_exempt=True)
    for who in (newcomer, other_manager):
        client.force_login(who)
        assert client.post(url("enrolment_decline", asked.pk)).status_code in (403, 404)
    asked.refresh_from_db()
    assert asked.status == S.REQUESTED
    assert client.get(url("enrolment_decline", asked.pk)).status_code == 405


def test_open_requests_are_the_managers_units_upcoming_ones_with_warnings(
    manager, newcomer, other_newcomer, make_session, django_assert_num_queries
):
    mine = services.enrolment_request(session=make_session(), person=newcomer)
    services.enrolment_request(session=make_session(), person=other_newcomer)
    newcomer.start_date = timezone.localdate() + datetime.timedelta(days=90)
    newcomer.save()
    for _ in range(3):
        person = UserFactory(unit=newcomer.unit, roles=[Role.NEWCOMER])
        services.enrolment_request(session=make_session(), person=person)
    manager.refresh_from_db()
    manager.managed_unit_ids  # noqa: B018 (the viewer's units are read once per request)
    with django_assert_num_queries(2):
        rows = selectors.open_requests(viewer=manager)
    assert len(rows) == 4 and mine in rows
    (row,) = [r for r in rows if r == mine]
    assert len(row.warnings) == 1 and "innan" in row.warnings[0]


# -- the newcomer's side ---------------------------------------------------------------


def test_the_newcomer_is_warned_when_asking_for_a_session_before_the_first_day(
    client, newcomer, make_session
):
    newcomer.start_date = timezone.localdate() + datetime.timedelta(days=60)
    newcomer.save()
    session = make_session(in_days=30)
    client.force_login(newcomer)
    courses = client.get(url("courses")).content.decode()
    assert "Börjar innan din första arbetsdag" in courses
    response = client.post(url("enrolment_request", session.pk), follow=True)
    warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    assert any("innan" in w and newcomer.start_date.isoformat() in w for w in warnings)
