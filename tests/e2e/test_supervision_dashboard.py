"""The supervision follow-up in the browser: on a phone the supervisor finds a week
without a 1:1, opens the newcomer's weeks and marks the absence that explains it; HR
reads the counts per unit."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from .helpers import ROLES, log_in, path_is

pytestmark = pytest.mark.e2e
PHONE = {"width": 375, "height": 812}
DAY = datetime.timedelta(days=1)
WEEK = datetime.timedelta(days=7)


def _one_week_without_a_1_1() -> datetime.date:
    """Held 1:1s for the demo newcomer in every past week but the one two weeks ago,
    whose Monday is returned. Made here: the demo's own sessions come from the session
    log, and whatever they hold for that week is cleared."""
    from lms.accounts.models import User
    from lms.plans.models import IntroductionPlan
    from lms.supervision.compliance import monday_of
    from lms.supervision.models import Absence, Session, SessionKind, SessionParticipant

    supervisor = User.objects.get(email=ROLES["supervisor"][0])
    newcomer = User.objects.get(email=ROLES["newcomer"][0])
    plan = IntroductionPlan.objects.get(newcomer=newcomer, status="active")
    assert plan.supervisor == supervisor
    this_monday = monday_of(timezone.localdate())
    gap = this_monday - 2 * WEEK
    Session.objects.filter(
        attendees__newcomer=newcomer,
        starts_at__date__gte=gap,
        starts_at__date__lt=gap + WEEK,
    ).delete()
    Absence.objects.filter(newcomer=newcomer, starts_on__lt=gap + WEEK, ends_on__gte=gap).delete()
    monday = monday_of(plan.start_date)
    while monday < this_monday:
        if monday != gap:
            day = max(monday + DAY, plan.start_date)
            session = Session.objects.create(
                kind=SessionKind.ONE_TO_ONE,
                status=Session.Status.HELD,
                starts_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(9))),
                duration_minutes=45,
                author=supervisor,
                shared_summary="Genomgång av veckans ärenden.",
                private_note="Privat anteckning som aldrig syns för andra.",
            )
            SessionParticipant.objects.create(session=session, newcomer=newcomer, plan=plan)
        monday += WEEK
    return gap


@pytest.mark.parametrize("context_options", [{"viewport": PHONE, "is_mobile": True}])
def test_the_supervisor_excuses_a_week_without_a_1_1_on_a_phone(page, a11y, context_options):
    gap = _one_week_without_a_1_1()
    week = f"v. {gap.isocalendar()[1]}"
    log_in(page, a11y, ROLES["supervisor"][0])
    page.get_by_role("link", name="Samtal och veckor med 1:1").click()
    expect(page).to_have_url(path_is("/supervision/"))
    expect(page.get_by_role("heading", level=1, name="Mina nyanställda")).to_be_visible()
    card = page.locator("li.newcomer-card").filter(has_text="Amira Hassan")
    expect(
        card.get_by_text(re.compile(rf"Utan 1:1 bland de senaste \d+ veckorna: {week}$"))
    ).to_be_visible()
    expect(page.get_by_text("Privat anteckning")).to_have_count(0)
    a11y.check()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"The dashboard is {width}px wide on a phone"

    card.get_by_role("link", name="Veckor och frånvaro för Amira Hassan").click()
    expect(page.get_by_role("heading", level=1, name="Handledning: Amira Hassan")).to_be_visible()
    row = page.locator("table.week-grid tbody tr").filter(
        has=page.get_by_role("rowheader", name=week, exact=True)
    )
    expect(row).to_contain_text("Ingen 1:1")
    a11y.check()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"The newcomer page is {width}px wide on a phone"

    page.get_by_label("Typ av frånvaro").select_option(label="Semester")
    page.get_by_label("Första dagen").fill(gap.isoformat())
    page.get_by_label("Sista dagen").fill((gap + 4 * DAY).isoformat())
    page.get_by_role("button", name="Markera frånvaro").click()
    expect(page.get_by_text("Frånvaron är markerad.")).to_be_visible()
    expect(row).to_contain_text("Frånvaro")
    expect(row).not_to_contain_text("Ingen 1:1")
    expect(page.get_by_text(f"Semester: {gap.isoformat()}")).to_be_visible()
    a11y.check()

    page.get_by_role("link", name="Mina nyanställda").first.click()
    card = page.locator("li.newcomer-card").filter(has_text="Amira Hassan")
    expect(
        card.get_by_text(re.compile(r"Ingen missad vecka de senaste \d+ veckorna"))
    ).to_be_visible()
    a11y.check()


def test_hr_reads_the_counts_per_unit(page, a11y):
    log_in(page, a11y, ROLES["hr"][0])
    page.get_by_role("link", name="Visa siffrorna").click()
    expect(page).to_have_url(path_is("/supervision/figures/"))
    expect(page.get_by_role("heading", level=1, name="Handledning per enhet")).to_be_visible()
    table = page.get_by_role("table", name="Handledning de senaste tolv veckorna, per enhet")
    expect(table.get_by_text("färre än 5").first).to_be_visible()
    expect(page.get_by_text("Amira Hassan")).to_have_count(0)
    a11y.check()
