"""A corrected attendance that takes back a completion a certificate rests on flags the
certificate for the coordinators: on the list, the person's page, the start page and as
a notification. It is never revoked by itself, and the flag clears when the completion
is recorded again."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lms.certificates.models import Certificate, Scope
from lms.certificates.services import certificate_issue
from lms.notifications import tasks
from lms.notifications.models import Notification
from lms.programme import services as programme_services
from lms.programme.models import Enrolment, Module, ModuleCompletion

from .conftest import complete

pytestmark = pytest.mark.django_db


@pytest.fixture
def attended(newcomer, programme, coordinator):
    """Part 1 done, one of its modules through yesterday's session; a mark(status)
    function corrects that day."""
    module = Module.objects.get(slug="bemotande")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    session = programme_services.session_create(
        by=coordinator,
        module=module,
        days=[programme_services.DayInput(yesterday, datetime.time(9), datetime.time(16))],
        capacity=5,
        publish=True,
    )
    enrolment = Enrolment.objects.create(session=session, person=newcomer, status="admitted")
    day = session.days.get()

    def mark(status):
        programme_services.attendance_mark(
            enrolment=enrolment, day=day, status=status, by=coordinator
        )

    mark("present")
    complete(newcomer, programme, part=1)  # the other module, by hand
    return mark


@pytest.fixture
def certificate(newcomer, manager, attended):
    return certificate_issue(person=newcomer, scope=Scope.PART_1, by=manager)


def test_a_corrected_attendance_flags_the_certificate_and_never_revokes_it(certificate, attended):
    attended("absent")
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
    assert certificate.needs_review
    assert certificate.review_missing == "Bemötande, samtal och relationer"


def test_marking_present_again_clears_the_flag(certificate, attended):
    attended("absent")
    attended("present")
    certificate.refresh_from_db()
    assert not certificate.needs_review and certificate.review_missing == ""


def test_a_certificate_of_another_scope_that_still_holds_is_not_flagged(
    newcomer, programme, manager, attended
):
    complete(newcomer, programme, part=2)
    ModuleCompletion.objects.filter(module__slug="utredning").update(
        completed_on=datetime.date(2027, 4, 1)
    )
    part2 = certificate_issue(person=newcomer, scope=Scope.PART_2, by=manager)
    attended("absent")
    part2.refresh_from_db()
    assert not part2.needs_review


def test_coordinators_see_the_flag_on_the_list_person_page_and_start_page(
    client, coordinator, certificate, attended
):
    attended("absent")
    client.force_login(coordinator)
    listed = client.get(reverse("certificates:list")).content.decode()
    assert "Intyg att granska" in listed and certificate.display_code in listed
    assert "Bör granskas: närvaron har rättats" in listed
    person = client.get(reverse("certificates:person", args=[certificate.person_id]))
    assert "Intyget bör granskas." in person.content.decode()
    assert "Återkalla intyget om det inte längre stämmer." in person.content.decode()
    start = client.get(reverse("core:start")).content.decode()
    assert "Intyg att granska" in start and "Bemötande, samtal och relationer" in start


def test_the_holders_manager_sees_the_flag_but_no_review_list(
    client, manager, certificate, attended
):
    attended("absent")
    client.force_login(manager)
    listed = client.get(reverse("certificates:list")).content.decode()
    assert "Intyg att granska" not in listed
    person = client.get(reverse("certificates:person", args=[certificate.person_id]))
    html = person.content.decode()
    assert "Intyget bör granskas." in html
    assert "Återkalla intyget om det inte längre stämmer." not in html


def test_coordinators_are_notified_once_and_the_notice_goes_stale_when_revoked(
    coordinator, certificate, attended
):
    attended("absent")
    now = timezone.now()
    assert tasks.scan("often", now)["certificate_review"] == 1
    assert tasks.scan("often", now)["certificate_review"] == 0
    notice = Notification.objects.get(kind="certificate_review")
    assert notice.recipient == coordinator
    assert notice.params["missing"] == "Bemötande, samtal och relationer"
    from lms.notifications.events import stale_certificate_reviews

    assert stale_certificate_reviews([notice]) == {}
    Certificate.objects.filter(pk=certificate.pk).update(revoked_at=now)
    assert list(stale_certificate_reviews([notice])) == [notice.pk]
