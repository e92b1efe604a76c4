import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from lms.programme import ics_import
from lms.programme.models import CourseSession, Module, Part, Programme

pytestmark = pytest.mark.django_db


def url(name):
    return reverse(f"programme:{name}")


def _html(response) -> str:
    return response.content.decode()


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def series_data(module, **extra):
    data = {
        "module": module.pk,
        "first_month": "2027-01",
        "last_month": "2027-12",
        "nth": "2",
        "weekday": "1",  # Tuesday
        "skip_months": ["7"],
        "n_days": "1",
        "start": "09:00",
        "end": "16:00",
        "capacity": "20",
        "deadline_days_before": "14",
        "place": "Stadshuset, sal 3",
        "online_url": "",
        "trainers": "Anna Andersson",
        "publish": "on",
    }
    data.update(extra)
    return data


def ics_file() -> bytes:
    """A timed event and a two-day all-day event, a couple of months from today."""
    tuesday = timezone.localdate() + datetime.timedelta(weeks=8)
    tuesday += datetime.timedelta(days=(1 - tuesday.weekday()) % 7)
    thursday = tuesday + datetime.timedelta(days=2)
    saturday = thursday + datetime.timedelta(days=2)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Test//EN",
        "BEGIN:VEVENT",
        "UID:a@test",
        f"DTSTART;TZID=Europe/Stockholm:{tuesday:%Y%m%d}T090000",
        f"DTEND;TZID=Europe/Stockholm:{tuesday:%Y%m%d}T160000",
        "LOCATION:Sal Älven",
        "SUMMARY:Del 1",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "UID:b@test",
        f"DTSTART;VALUE=DATE:{thursday:%Y%m%d}",
        f"DTEND;VALUE=DATE:{saturday:%Y%m%d}",
        "SUMMARY:Del 1 heldag",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return ("\r\n".join(lines) + "\r\n").encode()


def ics_upload(content=None, name="kurser.ics"):
    content = ics_file() if content is None else content
    return SimpleUploadedFile(name, content, content_type="text/calendar")


# -- permissions ----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["session_series", "session_import"])
@pytest.mark.parametrize("who", ["newcomer", "manager"])
def test_planning_pages_are_refused_to_others(client, request, module, name, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url(name)).status_code == 403
    assert client.post(url(name), series_data(module)).status_code == 403
    assert not CourseSession.objects.exists()


@pytest.mark.parametrize("name", ["session_series", "session_import"])
def test_planning_pages_need_login(client, name):
    response = client.get(url(name))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_session_list_links_to_the_planning_pages(client, coordinator):
    client.force_login(coordinator)
    html = _html(client.get(url("session_list")))
    assert url("session_series") in html
    assert url("session_import") in html


def test_the_series_form_offers_only_modules_of_the_current_programme(client, coordinator, module):
    old = Programme.objects.create(name="Gamla", version=0, valid_from=datetime.date(2020, 1, 1))
    old_part = Part.objects.create(programme=old, number=1, title="Gammal del", deadline_months=4)
    Module.objects.create(
        part=old_part, title="Utgången modul", slug="utgangen", length_days=Decimal("1")
    )
    client.force_login(coordinator)
    response = client.get(url("session_series"))
    html = _html(response)
    assert response.status_code == 200
    assert module.title in html
    assert "Utgången modul" not in html
    # July is skipped unless the coordinator says otherwise.
    assert response.context["form"]["skip_months"].value() == [7]
    assert 'type="month"' in html


# -- series ---------------------------------------------------------------------------


def test_a_coordinator_creates_a_monthly_series_without_july(client, coordinator, module):
    client.force_login(coordinator)
    response = client.post(url("session_series"), series_data(module), follow=True)
    assert response.redirect_chain[-1][0] == url("session_list")
    sessions = list(CourseSession.objects.order_by("first_day_cache"))
    assert len(sessions) == 11
    firsts = [s.first_day_cache for s in sessions]
    assert 7 not in {d.month for d in firsts}
    assert firsts[0] == datetime.date(2027, 1, 12)
    assert all(d.weekday() == 1 and 8 <= d.day <= 14 for d in firsts)
    first = sessions[0]
    assert first.booking_deadline == datetime.date(2026, 12, 29)
    assert first.place == "Stadshuset, sal 3"
    assert first.status == CourseSession.Status.PUBLISHED
    assert "11 kurstillfällen är skapade." in _messages(response)


def test_a_series_can_have_several_days_and_no_deadline(client, coordinator, module):
    client.force_login(coordinator)
    data = series_data(
        module,
        first_month="2027-03",
        last_month="2027-04",
        nth="-1",
        weekday="4",  # the last Friday
        n_days="2",
        deadline_days_before="",
        publish="",
    )
    response = client.post(url("session_series"), data, follow=True)
    sessions = list(CourseSession.objects.order_by("first_day_cache"))
    assert [[d.date for d in s.days.order_by("date")] for s in sessions] == [
        # Långfredagen and annandag påsk are passed over, and the weekend between them.
        [datetime.date(2027, 3, 30), datetime.date(2027, 3, 31)],
        [datetime.date(2027, 4, 30), datetime.date(2027, 5, 3)],  # over the weekend
    ]
    assert (
        "Röda dagar och stängda dagar hoppades över: 2027-03-26 (Långfredagen), "
        "2027-03-29 (Annandag påsk)." in _messages(response)
    )
    assert all(s.booking_deadline is None for s in sessions)
    assert all(s.status == CourseSession.Status.DRAFT for s in sessions)


def test_preview_shows_dates_and_weeks_and_saves_nothing(client, coordinator, module):
    client.force_login(coordinator)
    data = series_data(module, first_month="2027-01", last_month="2027-03", preview="1")
    response = client.post(url("session_series"), data)
    html = _html(response)
    assert response.status_code == 200
    assert "Förhandsgranskning" in html
    for date, week in [("2027-01-12", 2), ("2027-02-09", 6), ("2027-03-09", 10)]:
        assert f"{date} (v. {week})" in html
    assert "Serien ger 3 kurstillfällen" in html
    assert not CourseSession.objects.exists()
    # The form keeps what was typed, ready for "Skapa serien".
    assert 'value="2027-03"' in html


def test_a_bad_month_is_refused_in_swedish(client, coordinator, module):
    client.force_login(coordinator)
    response = client.post(url("session_series"), series_data(module, first_month="mars 2027"))
    assert response.status_code == 200
    assert "Ange månaden som ÅÅÅÅ-MM" in _html(response)
    assert response.context["form"].errors["first_month"]
    assert not CourseSession.objects.exists()


@pytest.mark.parametrize("value", ["2027-13", "27-01", "2027-1-1"])
def test_impossible_months_are_refused(client, coordinator, module, value):
    client.force_login(coordinator)
    response = client.post(url("session_series"), series_data(module, last_month=value))
    assert response.context["form"].errors["last_month"]
    assert not CourseSession.objects.exists()


@pytest.mark.parametrize("button", [{}, {"preview": "1"}])
def test_a_series_without_dates_shows_the_services_message(client, coordinator, module, button):
    client.force_login(coordinator)
    data = series_data(module, first_month="2027-07", last_month="2027-07", **button)
    response = client.post(url("session_series"), data)
    assert response.status_code == 200
    assert "Serien ger inga datum" in _html(response)
    assert response.context["form"].non_field_errors()
    assert not CourseSession.objects.exists()


def test_a_series_that_ends_before_it_starts_saves_nothing(client, coordinator, module):
    client.force_login(coordinator)
    data = series_data(module, first_month="2027-05", last_month="2027-02")
    response = client.post(url("session_series"), data)
    assert "Seriens sista månad kan inte vara före den första." in _html(response)
    assert not CourseSession.objects.exists()


def test_end_time_must_be_after_start_time(client, coordinator, module):
    client.force_login(coordinator)
    response = client.post(url("session_series"), series_data(module, end="08:00"))
    assert "Sluttiden måste vara efter starttiden." in _html(response)
    assert not CourseSession.objects.exists()


# -- import ---------------------------------------------------------------------------


def test_a_coordinator_imports_sessions_from_an_ics_file(client, coordinator, module):
    client.force_login(coordinator)
    response = client.get(url("session_import"))
    assert 'enctype="multipart/form-data"' in _html(response)
    response = client.post(url("session_import"), {"module": module.pk, "file": ics_upload()})
    assert "Välj händelser att importera" in _html(response)
    assert not CourseSession.objects.exists()  # the preview saves nothing
    data = {
        "preview": response.context["form"]["preview"].value(),
        "events": ["a@test", "b@test"],
        "capacity": "15",
        "deadline_days_before": "14",
    }
    response = client.post(url("session_import_confirm"), data, follow=True)
    assert response.redirect_chain[-1][0] == url("session_list")
    sessions = list(CourseSession.objects.order_by("first_day_cache"))
    assert len(sessions) == 2
    assert sessions[0].place == "Sal Älven"
    assert sessions[0].capacity == 15
    assert {s.status for s in sessions} == {CourseSession.Status.DRAFT}
    first_day = sessions[1].first_day_cache
    assert [d.date for d in sessions[1].days.order_by("date")] == [
        first_day,
        first_day + datetime.timedelta(days=1),
    ]
    assert sessions[1].booking_deadline == first_day - datetime.timedelta(days=14)
    assert "2 kurstillfällen är skapade. De är utkast tills du publicerar dem." in _messages(
        response
    )


def test_a_text_file_is_refused_and_nothing_is_saved(client, coordinator, module):
    client.force_login(coordinator)
    upload = ics_upload(b"Hej! Det har ar ingen kalender.\n", name="anteckningar.txt")
    data = {"module": module.pk, "capacity": "15", "file": upload}
    response = client.post(url("session_import"), data)
    assert response.status_code == 200
    assert "Filen är inte en iCalendar-fil (.ics)." in _html(response)
    assert response.context["form"].errors["file"]
    assert not CourseSession.objects.exists()


def test_a_calendar_without_events_is_refused(client, coordinator, module):
    client.force_login(coordinator)
    empty = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\nEND:VCALENDAR\r\n"
    data = {"module": module.pk, "capacity": "15", "file": ics_upload(empty)}
    response = client.post(url("session_import"), data)
    assert "Filen innehåller inga kursdatum." in _html(response)
    assert not CourseSession.objects.exists()


def test_a_too_big_file_is_refused(client, coordinator, module):
    client.force_login(coordinator)
    big = ics_file() + b" " * ics_import.MAX_IMPORT_BYTES
    data = {"module": module.pk, "capacity": "15", "file": ics_upload(big)}
    response = client.post(url("session_import"), data)
    assert "Filen är för stor (högst 1 MB)." in _html(response)
    assert not CourseSession.objects.exists()


def test_import_without_a_file_asks_for_one(client, coordinator, module):
    client.force_login(coordinator)
    response = client.post(url("session_import"), {"module": module.pk, "capacity": "15"})
    assert response.context["form"].errors["file"]
    assert not CourseSession.objects.exists()
