"""Bounds on what people type (lms.core.bounds): the probe's four findings, the window
on every form that asks for a date, e-mail length, and NUL refused with a Swedish
message, in plain forms, model forms and a search."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from lms.accounts.forms import PersonForm, ProfileForm
from lms.accounts.models import User
from lms.core import bounds
from lms.mentoring.forms import AppointForm, PairForm
from lms.mentoring.forms import ProfileForm as MentorProfileForm
from lms.notifications.forms import LogFilterForm
from lms.organisation.models import Unit
from lms.plans.forms import ItemForm, PlanCreateForm, PlanEditForm, PlanReopenForm
from lms.plans.models import PlanItem, PlanTemplate
from lms.programme.forms import CopyForm, NewVersionForm
from lms.programme.forms import SessionForm as CourseSessionForm
from lms.programme.forms_planning import SeriesForm
from lms.supervision.dashboard.forms import AbsenceForm
from lms.supervision.forms import FollowUpForm, FollowUpPlanForm, SessionForm
from lms.supervision.models import Session
from tests.supervision.factories import PlanFactory

WINDOW_MESSAGE = re.compile(r"^Ange ett datum mellan \d{4}-\d\d-\d\d och \d{4}-\d\d-\d\d\.$")
NUL_MESSAGE = "Null-tecken är inte tillåtna."


# -- the probe's findings ---------------------------------------------------------------


@pytest.mark.django_db
def test_a_plan_item_due_on_the_last_day_of_the_calendar_is_refused(client, manager, newcomer):
    plan = PlanFactory(newcomer=newcomer)
    client.force_login(manager)
    response = client.post(
        reverse("plans:item_add", args=[plan.pk]),
        {
            "title": "Läs riktlinjen",
            "kind": "task",
            "responsible": "newcomer",
            "due_date": "9999-12-31",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["due_date"] == [bounds.DUE.message()]
    assert "Ange ett datum mellan 2000-01-01 och " in response.content.decode()
    assert not PlanItem.objects.filter(plan=plan).exists()


@pytest.mark.django_db
def test_a_supervision_session_in_year_one_is_refused(client, supervisor, newcomer):
    PlanFactory(newcomer=newcomer, supervisor=supervisor)
    client.force_login(supervisor)
    response = client.post(
        reverse("supervision:session_create"),
        {
            "newcomers": [newcomer.pk],
            "status": "held",
            "kind": "one_to_one",
            "date": "0001-01-01",
            "time": "12:00",
            "duration_minutes": "60",
            "fu-TOTAL_FORMS": "0",
            "fu-INITIAL_FORMS": "0",
            "fu-MIN_NUM_FORMS": "0",
            "fu-MAX_NUM_FORMS": "3",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["date"] == [bounds.SESSION.message()]
    assert not Session.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["%00", "Anna%00", "%01"])
def test_a_nul_in_the_people_search_is_refused_with_a_message(client, manager, newcomer, query):
    client.force_login(manager)
    response = client.get(f"{reverse('accounts:person_list')}?q={query}")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Sökningen innehåller tecken som inte går att söka på." in html
    assert 'aria-invalid="true"' in html
    assert newcomer.email not in html  # nothing was searched for, and no list is shown


@pytest.mark.django_db
def test_the_people_search_still_finds_and_is_cut_to_its_length(client, manager, newcomer):
    client.force_login(manager)
    response = client.get(reverse("accounts:person_list"), {"q": f"  {newcomer.last_name}\t"})
    assert response.status_code == 200
    assert response.context["table"]["ids"] == [newcomer.pk]
    long = client.get(reverse("accounts:person_list"), {"q": "a" * 500})
    assert long.status_code == 200
    assert long.context["q"] == "a" * bounds.QUERY_MAX


@pytest.mark.django_db
def test_an_e_mail_address_of_300_characters_is_refused(client, manager, unit):
    client.force_login(manager)
    count = User.objects.count()
    address = "a" * 287 + "@example.test"
    assert len(address) == 300
    response = client.post(
        reverse("accounts:person_create"),
        {"first_name": "Lina", "last_name": "Ström", "email": address, "unit": unit.pk},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["email"] == [
        "Säkerställ att detta värde har som mest 254 tecken (den har 300)."
    ]
    assert User.objects.count() == count


# -- the window on every form that asks for a date ------------------------------------------


def _none(model):
    return model.objects.none()


TIMES = {"day1_start": "09:00", "day1_end": "16:00", "day2_start": "09:00", "day2_end": "16:00"}

#: (the form, made from its data; its date fields; the window they keep to)
DATE_FORMS = [
    pytest.param(
        lambda data: PersonForm(data, units=_none(Unit), roles=[], editing=True),
        ["start_date", "end_date"],
        bounds.EMPLOYMENT,
        id="PersonForm",
    ),
    pytest.param(ProfileForm, ["in_profession_since"], bounds.PROFESSION, id="ProfileForm"),
    pytest.param(
        lambda data: PlanCreateForm(
            data, newcomers=_none(User), templates=_none(PlanTemplate), supervisors=_none(User)
        ),
        ["start_date"],
        bounds.PLAN,
        id="PlanCreateForm",
    ),
    pytest.param(ItemForm, ["due_date"], bounds.DUE, id="ItemForm"),
    pytest.param(
        lambda data: PlanEditForm(data, supervisors=_none(User)),
        ["start_date"],
        bounds.PLAN,
        id="PlanEditForm",
    ),
    pytest.param(PlanReopenForm, ["resume_on"], bounds.PLAN, id="PlanReopenForm"),
    pytest.param(
        lambda data: SessionForm(data, newcomers=_none(User), kinds=set(), topics=_none(PlanItem)),
        ["date"],
        bounds.SESSION,
        id="supervision.SessionForm",
    ),
    pytest.param(
        lambda data: FollowUpForm(data, newcomers=_none(User)),
        ["due_date"],
        bounds.DUE,
        id="FollowUpForm",
    ),
    pytest.param(FollowUpPlanForm, ["due_date"], bounds.DUE, id="FollowUpPlanForm"),
    pytest.param(AbsenceForm, ["starts_on", "ends_on"], bounds.ABSENCE, id="AbsenceForm"),
    pytest.param(
        MentorProfileForm,
        ["available_from", "available_until"],
        bounds.MENTORING,
        id="mentoring.ProfileForm",
    ),
    pytest.param(
        lambda data: AppointForm(data, people=_none(User)),
        ["available_from", "available_until"],
        bounds.MENTORING,
        id="AppointForm",
    ),
    pytest.param(PairForm, ["starts_on", "planned_ends_on"], bounds.MENTORING, id="PairForm"),
    pytest.param(
        lambda data: CourseSessionForm({**TIMES, **data}),
        ["day1_date", "day2_date", "booking_deadline"],
        bounds.COURSE,
        id="programme.SessionForm",
    ),
    pytest.param(NewVersionForm, ["valid_from"], bounds.COURSE, id="NewVersionForm"),
    pytest.param(CopyForm, ["first_date"], bounds.COURSE, id="CopyForm"),
    pytest.param(
        lambda data: LogFilterForm(data, kinds=None),
        ["since", "until"],
        bounds.FILTER,
        id="LogFilterForm",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("make", "fields", "window"), DATE_FORMS)
@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "1899-12-31", "2200-01-01"])
def test_every_date_form_refuses_a_day_outside_its_window(make, fields, window, day):
    form = make(dict.fromkeys(fields, day))
    assert not form.is_valid()
    for name in fields:
        assert form.errors[name][0] == window.message(), name
        assert WINDOW_MESSAGE.match(form.errors[name][0])


@pytest.mark.django_db
@pytest.mark.parametrize(("make", "fields", "window"), DATE_FORMS)
def test_every_date_form_takes_the_first_and_the_last_day_of_its_window(make, fields, window):
    first, last = window.bounds()
    for day in (first, last, timezone.localdate()):
        form = make(dict.fromkeys(fields, day.isoformat()))
        form.is_valid()
        for name in fields:
            assert name not in form.errors, (name, day, form.errors.get(name))


@pytest.mark.django_db
def test_every_date_form_shows_its_window_in_the_date_picker():
    form = PlanReopenForm()
    first, last = bounds.PLAN.bounds()
    html = str(form["resume_on"])
    assert 'type="date"' in html
    assert f'min="{first.isoformat()}"' in html
    assert f'max="{last.isoformat()}"' in html


def test_the_series_months_keep_to_the_course_window():
    last = bounds.COURSE.bounds()[1]
    too_late = bounds.years_from(last, 1)
    form = SeriesForm({"first_month": "1999-12", "last_month": f"{too_late:%Y-%m}"})
    assert not form.is_valid()
    message = f"Ange en månad mellan 2000-01 och {last:%Y-%m}."
    assert form.errors["first_month"] == [message]
    assert form.errors["last_month"] == [message]
    assert SeriesForm({"first_month": "0000-01"}).errors["first_month"] == [
        "Ange månaden som ÅÅÅÅ-MM, till exempel 2027-03."
    ]


def test_a_profession_date_may_not_lie_ahead_or_before_1950():
    today = timezone.localdate()
    first, last = bounds.PROFESSION.bounds(today)
    assert (first, last) == (datetime.date(1950, 1, 1), today)


# -- NUL and lengths in text fields ------------------------------------------------------------


@pytest.mark.django_db
def test_a_nul_in_a_plain_form_is_refused_in_swedish(client, manager, unit):
    client.force_login(manager)
    response = client.post(
        reverse("accounts:person_create"),
        {
            "first_name": "Li\x00na",
            "last_name": "Ström",
            "email": "lina@example.test",
            "unit": unit.pk,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["first_name"] == [NUL_MESSAGE]
    assert not User.objects.filter(email="lina@example.test").exists()


@pytest.mark.django_db
def test_a_nul_in_a_model_form_is_refused_in_swedish(client, newcomer):
    client.force_login(newcomer)
    before = newcomer.first_name
    response = client.post(
        reverse("accounts:profile"),
        {"first_name": "A\x00", "last_name": "B", "preferred_language": "sv", "gender": ""},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["first_name"] == [NUL_MESSAGE]
    newcomer.refresh_from_db()
    assert newcomer.first_name == before


def test_free_text_fields_of_plain_forms_have_a_length():
    assert ItemForm().fields["description"].max_length == bounds.LONG_TEXT_MAX
    assert CourseSessionForm().fields["notes"].max_length == bounds.LONG_TEXT_MAX
    assert CourseSessionForm().fields["online_url"].max_length == 200
    form = SessionForm(newcomers=_none(User), kinds=set(), topics=_none(PlanItem))
    assert form.fields["private_note"].max_length == 8000
    assert form.fields["shared_summary"].max_length == 8000
    assert PersonForm(units=_none(Unit), roles=[]).fields["email"].max_length == 254


# -- the shared definitions -------------------------------------------------------------------


def test_a_window_moves_with_today_and_keeps_29_february_in_range():
    leap = datetime.date(2028, 2, 29)
    assert bounds.DUE.bounds(leap) == (datetime.date(2000, 1, 1), datetime.date(2038, 2, 28))
    assert bounds.DUE.message(leap) == "Ange ett datum mellan 2000-01-01 och 2038-02-28."


def test_a_moment_at_the_ends_of_the_calendar_is_outside_every_window():
    utc = datetime.UTC
    assert not bounds.SESSION.contains(datetime.datetime(9999, 12, 31, 23, 30, tzinfo=utc))
    assert not bounds.SESSION.contains(datetime.datetime(1, 1, 1, tzinfo=utc))
    assert bounds.SESSION.contains(timezone.now())


@pytest.mark.parametrize(
    ("raw", "text", "refused"),
    [
        ("  Anna  ", "Anna", False),
        ("Anna\tÖberg", "Anna\tÖberg", False),
        ("\x00", "", True),
        ("Anna\x00", "", True),
        ("\x1b[31m", "", True),
        ("x" * 300, "x" * bounds.QUERY_MAX, False),
    ],
)
def test_a_search_parameter_is_cut_and_refused_when_it_holds_control_characters(raw, text, refused):
    found, message = bounds.query_text({"q": raw})
    assert found == text
    assert bool(message) is refused


def test_a_missing_or_repeated_search_parameter_is_no_search():
    assert bounds.query_text({}) == ("", "")
    assert bounds.query_text({"q": ["a", "b"]}) == ("", "")


@pytest.mark.parametrize(
    ("value", "number"),
    [("42", 42), ("0", 0), ("", None), ("²", None), ("٣", None), ("-1", None), ("9" * 10, None)],
)
def test_a_number_in_a_query_is_plain_digits_of_a_sane_length(value, number):
    assert bounds.whole_number(value) == number


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["²", "9" * 5000, "1\x00"])
def test_an_id_or_page_that_only_looks_like_a_number_is_ignored(client, manager, supervisor, value):
    client.force_login(manager)
    assert client.get(reverse("plans:plan_create"), {"newcomer": value}).status_code == 200
    client.force_login(supervisor)
    response = client.get(reverse("supervision:session_list"), {"newcomer": value, "page": value})
    assert response.status_code == 200
    client.force_login(manager)
    response = client.get(reverse("notifications:list"), {"page": value})
    assert response.status_code == 200
