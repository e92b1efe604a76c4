"""The demo's half year of sessions: every kind, the layers filled in, planned sessions
ahead, a follow-up made a plan item, two holidays; and a second run changes nothing."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from lms.accounts.models import User
from lms.organisation.models import ClosedDay
from lms.plans.models import IntroductionPlan
from lms.supervision.compliance import WeekStatus
from lms.supervision.dashboard.selectors import one_to_one_records
from lms.supervision.models import Absence, FollowUp, Session, SessionKind, SessionParticipant

pytestmark = pytest.mark.django_db


def _snapshot():
    return (
        sorted(
            Session.objects.values_list(
                "author__email", "kind", "status", "starts_at", "duration_minutes", "sequence"
            )
        ),
        sorted(
            SessionParticipant.objects.values_list(
                "session__starts_at", "newcomer__email", "plan_id", "reflection"
            )
        ),
        sorted(
            FollowUp.objects.values_list("text", "due_date", "done_at", "plan_item_id"),
            key=str,
        ),
        sorted(Absence.objects.values_list("newcomer__email", "kind", "starts_on", "ends_on")),
        sorted(ClosedDay.objects.values_list("municipality__slug", "date", "name")),
    )


def test_the_demo_holds_a_realistic_half_year_and_a_second_run_changes_nothing(demo_city):
    now = timezone.now()
    amira = User.objects.get(email="nyanstalld@demo.test")
    plan = IntroductionPlan.objects.get(newcomer=amira, status="active")
    hers = Session.objects.filter(attendees__newcomer=amira)
    kinds = set(hers.values_list("kind", flat=True))
    assert {SessionKind.ONE_TO_ONE, SessionKind.MENTOR_TALK, SessionKind.SHADOWING} <= kinds
    assert set(Session.objects.values_list("kind", flat=True)) == set(SessionKind.values)
    # Weekly 1:1s by her supervisor, a few weeks missed; mentor talks by her mentor.
    ones = hers.filter(kind=SessionKind.ONE_TO_ONE, status="held")
    assert set(ones.values_list("author", flat=True)) == {plan.supervisor_id}
    assert 3 <= ones.count() <= 7
    talks = hers.filter(kind=SessionKind.MENTOR_TALK)
    assert set(talks.values_list("author", flat=True)) == {plan.mentor_id}
    # Every held session is in the past, every planned one ahead, lengths within a day.
    assert not Session.objects.filter(status="held", starts_at__gt=now).exists()
    assert not Session.objects.filter(status="planned", starts_at__lt=now).exists()
    assert not Session.objects.filter(duration_minutes__gt=720).exists()
    assert hers.filter(status="planned").count() >= 2
    assert hers.filter(status="cancelled").count() == 1
    # A group with several newcomers.
    group = Session.objects.filter(kind=SessionKind.GROUP, status="held").first()
    assert group.attendees.count() >= 2
    # Summaries and private notes in Swedish, follow-ups done, overdue and one in the plan.
    assert not ones.filter(shared_summary="").exists()
    assert ones.exclude(private_note="").exists()
    follow_ups = FollowUp.objects.filter(newcomer=amira)
    assert follow_ups.filter(plan_item__isnull=False, plan_item__plan=plan).count() == 1
    everyone = FollowUp.objects.all()
    assert everyone.filter(done_at__isnull=False).exists()
    assert everyone.filter(done_at__isnull=True, due_date__lt=timezone.localdate()).exists()
    assert SessionParticipant.objects.filter(newcomer=amira).exclude(reflection="").count() >= 2
    # Two holidays for one newcomer.
    absences = Absence.objects.all()
    assert absences.count() == 2
    assert len(set(absences.values_list("newcomer", flat=True))) == 1
    # Each participant counted the session for their plan.
    assert not SessionParticipant.objects.filter(plan__isnull=True).exists()
    # Half a year, no more; the follow-up's earlier starters (lms.reports.demo) have
    # their first years of 1:1s behind them.
    own = Session.objects.exclude(attendees__newcomer__email__startswith="tidigare.")
    oldest = own.order_by("starts_at").first().starts_at
    assert oldest >= now - datetime.timedelta(days=183)

    # Älvstad closes between Christmas and New Year: Amira's weeks show that week as
    # holidays, and no week of holidays is missed.
    assert ClosedDay.objects.filter(name="Julstängt").exists()
    record = one_to_one_records(
        [
            IntroductionPlan.objects.select_related("unit__administration__municipality").get(
                pk=plan.pk
            )
        ],
        timezone.localdate(),
    )[plan.pk]
    holiday_weeks = [w for w in record.weeks if w.status == WeekStatus.HOLIDAY]
    assert holiday_weeks
    assert all(w.monday.month in (12, 1) for w in holiday_weeks)

    first = _snapshot()
    call_command("load_demo", force=True)
    assert _snapshot() == first
