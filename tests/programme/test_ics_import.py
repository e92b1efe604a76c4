"""The calendar-file import: every bound before any work, a preview, drafts, no duplicates."""

import datetime
import io
import tracemalloc

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lms.accounts.models import Role
from lms.programme import ics_import, services
from lms.programme.demo import demo_calendar
from lms.programme.models import CourseSession, Module
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# Parser tests give their own "today"; the view and service tests use dates relative
# to the real one, so the ten-year window never makes them fail on a later day.
TODAY = datetime.date(2027, 1, 15)


def stamp(day: datetime.date) -> str:
    return f"{day:%Y%m%d}"


def vevent(uid, summary, start, end=None, extra="") -> str:
    lines = ["BEGIN:VEVENT", f"UID:{uid}", f"SUMMARY:{summary}", start]
    if end:
        lines.append(end)
    if extra:
        lines.append(extra)
    lines.append("END:VEVENT")
    return "\r\n".join(lines) + "\r\n"


def all_day(uid, summary, first: datetime.date, days: int = 1, extra="") -> str:
    last = first + datetime.timedelta(days=days)
    return vevent(
        uid, summary, f"DTSTART;VALUE=DATE:{stamp(first)}", f"DTEND;VALUE=DATE:{stamp(last)}", extra
    )


def timed(uid, summary, day: datetime.date, start="0900", end="1200", extra="") -> str:
    tz = "DTSTART;TZID=Europe/Stockholm"
    return vevent(
        uid,
        summary,
        f"{tz}:{stamp(day)}T{start}00",
        f"DTEND;TZID=Europe/Stockholm:{stamp(day)}T{end}00",
        extra,
    )


def calendar(*events: str) -> bytes:
    head = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\n"
    return (head + "".join(events) + "END:VCALENDAR\r\n").encode()


def weekday_after(day: datetime.date, weekday: int) -> datetime.date:
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7 or 7)


def parse(data: bytes, today=TODAY):
    return ics_import.ics_events(data, today=today)


def only(data: bytes, today=TODAY) -> ics_import.IcsEvent:
    [event] = parse(data, today)
    return event


# -- the file as a whole ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Filen är tom."),
        (b"  \r\n\r\n", "Filen är tom."),
        (b"hello, this is not a calendar", "inte en iCalendar-fil"),
        (b"\xff\xfe\x00garbage", "inte en iCalendar-fil"),
        (b"BEGIN:VEVENT\r\nUID:x\r\nEND:VEVENT\r\n", "inte en iCalendar-fil"),
        (
            b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n",
            "Filen innehåller inga kursdatum.",
        ),
        (b"x" * 1_000_001, "Filen är för stor (högst 1 MB)."),
    ],
)
def test_a_file_that_cannot_be_used_is_refused_in_swedish(data, message):
    with pytest.raises(ValidationError) as caught:
        parse(data)
    assert message in caught.value.messages[0]


def test_more_than_500_events_are_refused_before_the_file_is_parsed(monkeypatch):
    day = TODAY + datetime.timedelta(days=30)
    data = calendar(*(all_day(f"e{i}", "Kurs", day) for i in range(501)))

    def no_parsing(*args, **kwargs):
        raise AssertionError("the file was parsed")

    monkeypatch.setattr(ics_import.icalendar.Calendar, "from_ical", no_parsing)
    with pytest.raises(ValidationError) as caught:
        parse(data)
    assert caught.value.messages == [
        "Filen har 501 händelser; högst 500 går att importera från en fil. "
        "Dela upp den i flera filer."
    ]


def test_500_events_are_accepted():
    day = TODAY + datetime.timedelta(days=30)
    data = calendar(*(all_day(f"e{i}", "Kurs", day) for i in range(500)))
    assert len(parse(data)) == 500


def test_folded_and_lower_case_event_lines_are_counted_too():
    day = TODAY + datetime.timedelta(days=30)
    folded = all_day("x", "Kurs", day).replace("BEGIN:VEVENT", "begin:VEV\r\n ENT")
    data = calendar(folded * 501)
    with pytest.raises(ValidationError, match="Filen har 501 händelser"):
        parse(data)


# -- one event ----------------------------------------------------------------------------


def test_times_are_read_in_stockholm_time_and_all_day_events_get_nine_to_four():
    data = calendar(
        timed("a@test", "Del 1", datetime.date(2027, 3, 30), extra="LOCATION:Sal Älven"),
        vevent("b@test", "Del 1", "DTSTART:20271102T080000Z", "DTEND:20271102T150000Z"),
        all_day("c@test", "Del 1 heldag", datetime.date(2027, 11, 11), days=2),
    )
    first, second, third = parse(data)
    assert first.days == (
        ics_import.IcsDay(datetime.date(2027, 3, 30), datetime.time(9), datetime.time(12)),
    )
    assert first.place == "Sal Älven"
    assert first.key == "a@test"
    # 08:00Z on 2 November is 09:00 in Stockholm: summer time ended on 31 October.
    assert second.days[0].start == datetime.time(9)
    assert [(d.date, d.start, d.end) for d in third.days] == [
        (datetime.date(2027, 11, 11), datetime.time(9), datetime.time(16)),
        (datetime.date(2027, 11, 12), datetime.time(9), datetime.time(16)),
    ]
    assert all(e.importable for e in (first, second, third))


def test_an_event_of_365_days_is_refused_by_name():
    event = only(calendar(all_day("k", "Kursvecka", datetime.date(2027, 2, 1), days=365)))
    assert not event.importable
    assert event.days == ()
    assert event.refusal == (
        "Händelsen ”Kursvecka” varar 365 dagar; högst 14 dagar går att importera."
    )


def test_an_event_of_14_days_is_imported_on_its_weekdays():
    event = only(calendar(all_day("k", "Två veckor", datetime.date(2027, 2, 1), days=14)))
    assert event.importable
    assert len(event.days) == 10


def test_a_long_duration_is_refused_before_it_is_added():
    start = "DTSTART;TZID=Europe/Stockholm:20270201T090000"
    event = only(calendar(vevent("d", "Lång", start, "DURATION:P9999D")))
    assert "varar 9999 dagar" in event.refusal


def test_the_year_1_to_9999_event_is_refused_before_any_day_is_expanded(monkeypatch):
    data = (
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:y\r\nSUMMARY:Big\r\n"
        b"DTSTART;VALUE=DATE:00010101\r\nDTEND;VALUE=DATE:99991231\r\n"
        b"END:VEVENT\r\nEND:VCALENDAR\r\n"
    )

    def no_days(*args):
        raise AssertionError("a day was expanded")

    monkeypatch.setattr(ics_import, "IcsDay", no_days)
    tracemalloc.start()
    try:
        event = only(data)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 2_000_000  # bytes; expanding the days took gigabytes
    assert event.days == ()
    assert event.refusal.startswith("Händelsen ”Big” har datumet 0001-01-01")


def test_a_timed_event_in_year_1_with_a_negative_duration_does_not_overflow():
    data = calendar(vevent("y", "Tidig", "DTSTART:00010101T000000Z", "DURATION:-P1D"))
    assert "0001-01-01" in only(data).refusal


@pytest.mark.parametrize(
    ("first", "importable"),
    [
        (datetime.date(2037, 1, 15), True),  # exactly ten years ahead
        (datetime.date(2037, 1, 16), False),
        (datetime.date(2017, 1, 15), True),  # exactly ten years back
        (datetime.date(2017, 1, 14), False),
    ],
)
def test_dates_must_be_within_ten_years_of_today(first, importable):
    event = only(calendar(timed("t", "Kurs", first)))
    assert event.importable is importable
    if not importable:
        assert event.refusal == (
            f"Händelsen ”Kurs” har datumet {first.isoformat()}; bara datum från "
            "2017-01-15 till 2037-01-15 går att importera."
        )


def test_an_all_day_event_may_not_end_after_the_window():
    event = only(calendar(all_day("t", "Kurs", datetime.date(2037, 1, 10), days=10)))
    assert "har datumet 2037-01-19" in event.refusal


def test_a_recurring_event_is_refused_not_expanded():
    event = only(
        calendar(timed("r", "Varje tisdag", datetime.date(2027, 2, 2), extra="RRULE:FREQ=DAILY"))
    )
    assert event.days == ()
    assert event.refusal.startswith("Händelsen ”Varje tisdag” upprepas.")
    assert event.first == datetime.date(2027, 2, 2)  # shown in the preview all the same


@pytest.mark.parametrize(
    ("event", "message"),
    [
        (
            timed("x", "Baklänges", datetime.date(2027, 2, 2), start="1500", end="0900"),
            "Händelsen ”Baklänges” slutar innan den börjar.",
        ),
        (
            timed("x", "Ett ögonblick", datetime.date(2027, 2, 2), start="0900", end="0900"),
            "Händelsen ”Ett ögonblick”: sluttiden måste vara efter starttiden.",
        ),
        (
            vevent(
                "x",
                "Över natten",
                "DTSTART;TZID=Europe/Stockholm:20270202T090000",
                "DTEND;TZID=Europe/Stockholm:20270203T160000",
            ),
            "Händelsen ”Över natten” har klockslag men börjar och slutar olika dagar.",
        ),
        (
            all_day("x", "Helg", datetime.date(2027, 2, 6), days=2),
            "Händelsen ”Helg” ligger bara på en helg.",
        ),
        (
            all_day("x", "Inställt", datetime.date(2027, 2, 2), extra="STATUS:CANCELLED"),
            "Händelsen ”Inställt” är inställd i kalendern.",
        ),
        (vevent("x", "Utan start", "LOCATION:Sal 1"), "Händelsen ”Utan start” saknar startdatum."),
        (
            vevent("x", "Trasig", "DTSTART:garbage"),
            "Händelsen ”Trasig” har ett datum eller en tid som inte går att läsa.",
        ),
    ],
)
def test_an_event_that_cannot_be_a_session_is_refused_by_name(event, message):
    refused = only(calendar(event))
    assert not refused.importable
    assert refused.refusal.startswith(message)


def test_one_refused_event_leaves_the_others_importable():
    good = timed("g", "Bra", datetime.date(2027, 2, 2))
    bad = all_day("b", "Dålig", datetime.date(2027, 2, 1), days=30)
    events = parse(calendar(good, bad))
    assert [e.importable for e in events] == [True, False]


def test_the_same_uid_twice_in_a_file_is_imported_once():
    day = datetime.date(2027, 2, 2)
    events = parse(calendar(timed("same", "Först", day), timed("same", "Sedan", day)))
    assert events[0].importable
    assert events[1].refusal == "Händelsen ”Sedan” finns två gånger i filen (samma UID)."


def test_an_event_without_uid_gets_a_stable_key():
    event = "BEGIN:VEVENT\r\nSUMMARY:Ingen UID\r\nDTSTART;VALUE=DATE:20270202\r\nEND:VEVENT\r\n"
    first, second = only(calendar(event)), only(calendar(event))
    assert first.importable
    assert first.key == second.key
    assert first.key.startswith("ics-")


# -- creating sessions ----------------------------------------------------------------------


def upcoming(weeks: int = 8) -> datetime.date:
    """A Tuesday some weeks ahead of the real today."""
    return weekday_after(timezone.localdate() + datetime.timedelta(weeks=weeks), 1)


def events_for(*days: datetime.date) -> list[ics_import.IcsEvent]:
    data = calendar(*(timed(f"s{i}@test", f"Del {i}", day) for i, day in enumerate(days)))
    return ics_import.ics_events(data, today=timezone.localdate())


def test_imported_sessions_are_drafts_with_the_deadline_and_the_uid(coordinator, module):
    day = upcoming()
    sessions = services.sessions_import_ics(
        by=coordinator, module=module, events=events_for(day), capacity=12, deadline_days_before=10
    )
    [session] = sessions
    assert session.status == CourseSession.Status.DRAFT
    assert session.booking_deadline == day - datetime.timedelta(days=10)
    assert session.capacity == 12
    assert session.ics_uid == "s0@test"
    assert [(d.date, d.start, d.end) for d in session.days.all()] == [
        (day, datetime.time(9), datetime.time(12))
    ]


def test_importing_the_same_events_twice_creates_nothing_the_second_time(coordinator, module):
    events = events_for(upcoming(), upcoming(9))
    kwargs = {"by": coordinator, "module": module, "capacity": 12, "deadline_days_before": None}
    assert len(services.sessions_import_ics(events=events, **kwargs)) == 2
    assert services.sessions_import_ics(events=events, **kwargs) == []
    assert CourseSession.objects.count() == 2
    assert CourseSession.objects.filter(booking_deadline__isnull=True).count() == 2


def test_import_is_for_coordinators(manager, module):
    with pytest.raises(PermissionDenied):
        services.sessions_import_ics(
            by=manager, module=module, events=events_for(upcoming()), capacity=5
        )
    assert not CourseSession.objects.exists()


def test_the_service_checks_the_bounds_again(coordinator, module):
    first = upcoming()
    days = tuple(
        ics_import.IcsDay(first + datetime.timedelta(days=i), datetime.time(9), datetime.time(16))
        for i in range(30)
    )
    forged = ics_import.IcsEvent(key="f", title="Förfalskad", days=days)
    with pytest.raises(ValidationError, match="Händelsen ”Förfalskad” går inte att importera"):
        services.sessions_import_ics(by=coordinator, module=module, events=[forged], capacity=5)
    assert not CourseSession.objects.exists()


# -- the pages ---------------------------------------------------------------------------------


def url(name):
    return reverse(f"programme:{name}")


def upload(client, module, data: bytes):
    file = SimpleUploadedFile("kurser.ics", data, content_type="text/calendar")
    return client.post(url("session_import"), {"module": module.pk, "file": file})


def offered(form) -> list[str]:
    """The events the preview lets the coordinator tick."""
    return [key for key, _label in form.fields["events"].choices]


def confirm(client, preview_response, events=None, **extra):
    form = preview_response.context["form"]
    data = {
        "preview": form["preview"].value(),
        "events": events if events is not None else offered(form),
        "capacity": "15",
        "deadline_days_before": "14",
    }
    data.update(extra)
    return client.post(url("session_import_confirm"), data, follow=True)


@pytest.fixture
def file_days():
    """Two weekdays ahead: a Tuesday (timed) and a Thursday–Friday (all day)."""
    tuesday = upcoming()
    return tuesday, tuesday + datetime.timedelta(days=2)


@pytest.fixture
def ics_file(file_days):
    tuesday, thursday = file_days
    return calendar(
        timed("a@test", "Del 1 förmiddag", tuesday, extra="LOCATION:Sal Älven"),
        all_day("b@test", "Del 1 heldagar", thursday, days=2),
        all_day("c@test", "Hela året", thursday, days=365),
    )


def test_the_preview_lists_every_event_with_dates_times_and_weeks(
    client, coordinator, module, ics_file, file_days
):
    tuesday, thursday = file_days
    friday = thursday + datetime.timedelta(days=1)
    client.force_login(coordinator)
    response = upload(client, module, ics_file)
    html = response.content.decode()
    assert response.status_code == 200
    assert not CourseSession.objects.exists()
    for day in (tuesday, thursday, friday):
        assert f"{day:%Y-%m-%d}" in html
        assert f"(v. {day.isocalendar().week})" in html
    assert "09:00–12:00" in html
    assert "09:00–16:00" in html
    assert "Sal Älven" in html
    # Each event a labelled checkbox; the refused one is shown, unticked, with the reason.
    assert '<label for="import-event-1">Del 1 förmiddag</label>' in html
    assert '<label for="import-event-3">Hela året</label>' in html
    assert html.count(" checked") == 2
    assert html.count(" disabled") == 1
    assert "Händelsen ”Hela året” varar 365 dagar; högst 14 dagar går att importera." in html
    assert offered(response.context["form"]) == ["a@test", "b@test"]


def test_confirming_creates_drafts_with_the_deadline_for_the_ticked_events(
    client, coordinator, module, ics_file, file_days
):
    _tuesday, thursday = file_days
    client.force_login(coordinator)
    preview = upload(client, module, ics_file)
    response = confirm(client, preview, events=["b@test"], deadline_days_before="7")
    assert response.redirect_chain[-1][0] == url("session_list")
    [session] = CourseSession.objects.all()
    assert session.ics_uid == "b@test"
    assert session.status == CourseSession.Status.DRAFT
    assert session.booking_deadline == thursday - datetime.timedelta(days=7)
    assert session.capacity == 15
    messages = [str(m) for m in response.context["messages"]]
    assert "1 kurstillfälle är skapat. De är utkast tills du publicerar dem." in messages


def test_already_imported_events_are_shown_and_not_offered_again(
    client, coordinator, module, ics_file
):
    client.force_login(coordinator)
    confirm(client, upload(client, module, ics_file), events=["a@test"])
    response = upload(client, module, ics_file)
    html = response.content.decode()
    assert html.count("Redan importerad till modulen.") == 1
    assert html.count(" checked") == 1  # only b@test; a@test is done, c@test refused
    assert 'value="a@test" id="import-event-1" disabled' in html


def test_posting_the_same_preview_twice_creates_nothing_twice(
    client, coordinator, module, ics_file
):
    client.force_login(coordinator)
    preview = upload(client, module, ics_file)
    confirm(client, preview)
    assert CourseSession.objects.count() == 2
    response = confirm(client, preview)
    assert CourseSession.objects.count() == 2
    messages = [str(m) for m in response.context["messages"]]
    assert "2 händelser var redan importerade och hoppades över." in messages


def test_a_refused_or_unknown_event_cannot_be_posted(client, coordinator, module, ics_file):
    client.force_login(coordinator)
    preview = upload(client, module, ics_file)
    for key in ("c@test", "made-up@test"):
        response = confirm(client, preview, events=[key])
        assert response.status_code == 200
        assert response.context["form"].errors["events"]
    assert not CourseSession.objects.exists()


def test_nothing_ticked_asks_for_an_event(client, coordinator, module, ics_file):
    client.force_login(coordinator)
    response = confirm(client, upload(client, module, ics_file), events=[])
    assert "Välj minst en händelse att importera." in response.content.decode()
    assert not CourseSession.objects.exists()


def test_a_changed_preview_is_refused(client, coordinator, module, ics_file):
    client.force_login(coordinator)
    preview = upload(client, module, ics_file)
    token = preview.context["form"]["preview"].value()
    response = confirm(client, preview, preview=token[:-2] + "xx")
    assert response.redirect_chain[-1][0] == url("session_import")
    assert "Förhandsgranskningen har gått ut eller är ändrad." in response.content.decode()
    assert not CourseSession.objects.exists()


def test_a_preview_signed_for_someone_else_is_refused(client, coordinator, module, ics_file):
    client.force_login(coordinator)
    token = upload(client, module, ics_file).context["form"]["preview"].value()
    colleague = UserFactory(roles=[Role.COORDINATOR])
    client.force_login(colleague)
    data = {"preview": token, "events": ["a@test"], "capacity": "15"}
    response = client.post(url("session_import_confirm"), data, follow=True)
    assert response.redirect_chain[-1][0] == url("session_import")
    assert not CourseSession.objects.exists()


@pytest.mark.parametrize("who", ["newcomer", "manager"])
def test_only_coordinators_may_confirm(client, request, module, ics_file, who, coordinator):
    client.force_login(coordinator)
    token = upload(client, module, ics_file).context["form"]["preview"].value()
    client.force_login(request.getfixturevalue(who))
    data = {"preview": token, "events": ["a@test"], "capacity": "15"}
    assert client.post(url("session_import_confirm"), data).status_code == 403
    assert not CourseSession.objects.exists()


def test_confirm_needs_login_and_csrf(coordinator, module, ics_file):
    assert Client().post(url("session_import_confirm"), {}).status_code == 302
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(coordinator)
    assert browser.post(url("session_import_confirm"), {"events": ["a@test"]}).status_code == 403
    assert not CourseSession.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"Hej! Det har ar ingen kalender.\n", "Filen är inte en iCalendar-fil (.ics)."),
        (b"", "Filen är tom."),  # Django itself refuses an empty upload
        (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", "inga kursdatum"),
    ],
)
def test_a_bad_file_is_refused_on_the_upload_page(client, coordinator, module, data, message):
    client.force_login(coordinator)
    response = upload(client, module, data)
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    if data:
        assert message in response.content.decode()
    assert not CourseSession.objects.exists()


def test_a_file_with_too_many_events_is_refused_on_the_upload_page(client, coordinator, module):
    day = upcoming()
    client.force_login(coordinator)
    response = upload(client, module, calendar(*(all_day(f"e{i}", "K", day) for i in range(501))))
    assert "Filen har 501 händelser" in response.content.decode()
    assert not CourseSession.objects.exists()


# -- the demo --------------------------------------------------------------------------------


def test_the_demo_has_imported_drafts_and_a_calendar_to_try_the_import_with(client, demo_city):
    call_command("load_demo", force=True, stdout=io.StringIO())
    imported = CourseSession.objects.filter(ics_uid__isnull=False)
    assert imported.count() == 2  # loading twice imports nothing twice
    assert {s.status for s in imported} == {CourseSession.Status.DRAFT}
    module = Module.objects.get(slug="samverkan", part__programme__is_current=True)
    client.force_login(UserFactory(roles=[Role.COORDINATOR]))
    html = upload(client, module, demo_calendar(timezone.localdate())).content.decode()
    assert html.count("Redan importerad till modulen.") == 2
    assert html.count(" checked") == 1
    assert "Händelsen ”Samverkansforum” upprepas." in html
