"""Notifications in the browser: a newcomer sees the header's count, opens a notice and
lands on its page, changes what comes by e-mail; a coordinator filters the log."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from lms.accounts.models import User
from lms.notifications import kinds, services
from lms.notifications.kinds import Kind
from lms.notifications.models import EmailStatus, Notification

from .helpers import ROLES, log_in, log_out, path_is

pytestmark = pytest.mark.e2e


@pytest.fixture
def journey_kind():
    kind = kinds.register(
        Kind(
            code="e2e_booking",
            label="Bokningar i testet",
            description="Besked om dina bokningar.",
            title=lambda params: f"Du har fått plats: {params['course']}",
            lines=lambda params: [f"Kursen börjar {params['day']}."],
            programme=True,
        )
    )
    yield kind
    kinds._kinds.pop("e2e_booking", None)


def _notices(newcomer: User, url: str) -> None:
    # The demo's own notices are read, so the count is the journey's two.
    services.mark_read(newcomer)
    now = timezone.now()
    for n, (course, status) in enumerate(
        [("Del 1, mars", EmailStatus.SENT), ("Del 2, maj", EmailStatus.FAILED)], start=1
    ):
        Notification.objects.create(
            key=f"e2e_booking:{n}:{newcomer.pk}",
            kind="e2e_booking",
            recipient=newcomer,
            params={"course": course, "day": "2026-03-10"},
            url=url,
            created_at=now - datetime.timedelta(minutes=10 - n),
            email_status=status,
            reason="Adressen studsade" if status == EmailStatus.FAILED else "",
        )
    services.refresh_unread([newcomer.pk])


def test_a_newcomer_reads_a_notice_and_a_coordinator_filters_the_log(page, a11y, journey_kind):
    email = ROLES["newcomer"][0]
    profile_path = reverse("accounts:profile")
    _notices(User.objects.get(email=email), profile_path)

    log_in(page, a11y, email)
    bell = page.get_by_role("link", name="Notiser 2 olästa")
    expect(bell).to_be_visible()
    bell.click()
    expect(page.get_by_role("heading", level=1, name="Notiser")).to_be_visible()
    a11y.check()
    expect(page.get_by_text("Kursen börjar 2026-03-10.").first).to_be_visible()
    page.get_by_role("button", name="Du har fått plats: Del 2, maj").click()
    expect(page).to_have_url(path_is(profile_path))
    expect(page.get_by_role("link", name="Notiser 1 oläst")).to_be_visible()
    a11y.check()

    page.get_by_role("link", name="Välj vad du får med e-post").first.click()
    expect(page.get_by_role("heading", level=1, name="Notiser med e-post")).to_be_visible()
    a11y.check()
    group = page.get_by_role("group", name="Bokningar i testet")
    group.get_by_label("I en daglig sammanfattning").check()
    expect(
        page.get_by_role("group", name="Kontosäkerhet").get_by_text("Skickas alltid")
    ).to_be_visible()
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Dina val är sparade.")).to_be_visible()
    a11y.check()
    expect(
        page.get_by_role("group", name="Bokningar i testet").get_by_label(
            "I en daglig sammanfattning"
        )
    ).to_be_checked()
    log_out(page, a11y)

    log_in(page, a11y, ROLES["coordinator"][0])
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Notislogg").click()
    expect(page.get_by_role("heading", level=1, name="Notislogg")).to_be_visible()
    expect(page.get_by_text("1 meddelande har misslyckats de senaste sju dagarna.")).to_be_visible()
    a11y.check()
    page.get_by_label("E-post", exact=True).select_option(label="Misslyckades")
    page.get_by_role("button", name="Visa", exact=True).click()
    expect(page).to_have_url(path_is("/notifications/log/"))
    table = page.get_by_role("table")
    expect(table.get_by_text("Du har fått plats: Del 2, maj")).to_be_visible()
    expect(table.get_by_text("Adressen studsade")).to_be_visible()
    expect(table.get_by_text("Du har fått plats: Del 1, mars")).to_have_count(0)
    a11y.check()
