"""Every follow-up figure on hand-built data with known answers, and the small-cell rule."""

import datetime

import pytest
from django.utils import timezone

from lms.checkins.models import CheckIn
from lms.plans.models import PlanItem
from lms.programme.models import CourseSession, Enrolment, Evaluation, SessionDay
from lms.reports.selectors.cohort import _people
from lms.reports.selectors.columns import COLUMNS
from lms.reports.selectors.figures import figures_for
from lms.reports.selectors.scopes import Scope
from lms.supervision.models import Session, SessionKind, SessionParticipant
from tests.factories import MunicipalityFactory, UnitFactory, UserFactory

from .conftest import START, TODAY, days

pytestmark = pytest.mark.django_db

HALF_YEAR = (datetime.date(2025, 1, 1), datetime.date(2025, 6, 30))


def elsewhere():
    """A unit of another municipality: none of its figures touch the city's."""
    other = MunicipalityFactory(name="Grannkommunen", slug="grannkommunen")
    return UnitFactory(administration__municipality=other)


def units(city):
    """The whole administration: a scope the organisation has."""
    return [city["a"], city["b"], city["c"]]


def report(hr, units, breakdown="", period=HALF_YEAR):
    scope = Scope("test", "Test", frozenset(u.pk for u in units), 0)
    return figures_for(
        viewer=hr, scope=scope, start=period[0], end=period[1], breakdown=breakdown, today=TODAY
    )


CODES = [column.code for column in COLUMNS]


def figures(row):
    return {code: (f.base, f.text) for code, f in zip(CODES, row.figures, strict=True)}


@pytest.fixture
def six(city, newcomer):
    """Six newcomers in unit a, all starting on START."""
    before, after = days(-7), days(10)
    on_time, late = days(60), days(150)
    return [
        newcomer(
            city["a"], mentor_on=before, done={"m1": on_time, "m2a": days(200), "m2b": days(210)}
        ),
        newcomer(city["a"], mentor_on=before, done={"m1": on_time, "m2a": days(200)}),
        newcomer(city["a"], mentor_on=before, done={"m1": on_time}),
        newcomer(city["a"], mentor_on=START, done={"m1": late}),
        newcomer(city["a"], mentor_on=after),
        newcomer(city["a"], end_date=days(100)),
    ]


def test_each_figure_for_six_newcomers(hr, city, six):
    result = report(hr, [city["a"]])
    assert result.total.newcomers == 6 and not result.total.hidden
    assert figures(result.total) == {
        # 4 of 6 had a pairing starting on or before the first day.
        "mentor_by_day_one": (6, "67 %"),
        # Part 1's deadline (day 120) has passed for all; 3 finished by it, one late.
        "part1_in_time": (6, "50 %"),
        # Part 2: 100 %, 50 % and four at 0 % of its two modules.
        "part2_progress": (6, "25 %"),
        # Part 2's deadline (day 730) is still ahead for everyone: no one to count.
        "part2_in_time": (0, "–"),
        # No 1:1 was held in the year of weekly 1:1s.
        "one_to_one": (6, "0 %"),
        # One left on day 100; the others are still here a year on.
        "employed_1y": (6, "83 %"),
        # Two years have not passed for anyone.
        "employed_2y": (0, "–"),
    }


def test_weekly_one_to_ones_count_met_weeks_out_of_decided_ones(hr, city, six):
    newcomer_id = six[0].newcomer_id
    for week in range(10):
        session = Session.objects.create(
            kind=SessionKind.ONE_TO_ONE,
            status=Session.Status.HELD,
            starts_at=timezone.make_aware(
                datetime.datetime.combine(days(1 + 7 * week), datetime.time(10))
            ),
            duration_minutes=45,
            author=UserFactory(),
        )
        SessionParticipant.objects.create(session=session, newcomer_id=newcomer_id)
    people = {p.plan_id: p for p in _people(frozenset({city["a"].pk}), *HALF_YEAR, TODAY)}
    first = people[six[0].pk]
    assert first.one_to_one_met == 10
    # The year of weekly 1:1s is over: every one of its weeks is decided, except the
    # Christmas week of 2025, whose two working days make it no week for a 1:1.
    assert first.one_to_one_due == people[six[1].pk].one_to_one_due >= 51
    result = report(hr, [city["a"]])
    met = 10
    due = sum(p.one_to_one_due for p in people.values())
    assert figures(result.total)["one_to_one"] == (6, f"{round(100 * met / due)} %")


def test_only_those_who_started_in_the_period_count(hr, city, six, newcomer):
    newcomer(city["a"], start=datetime.date(2025, 7, 1))
    newcomer(city["a"], start=datetime.date(2024, 12, 31))
    assert report(hr, [city["a"]]).total.newcomers == 6


def test_a_period_without_newcomers(hr, city):
    result = report(hr, [city["a"]])
    assert result.total.newcomers == 0 and not result.total.hidden
    assert all(f.text == "–" for f in result.total.figures)


# --- the small-cell rule ------------------------------------------------------------------


def test_a_small_total_hides_everything(hr, city, newcomer):
    for _n in range(4):
        newcomer(city["a"], mentor_on=START)
    result = report(hr, [city["a"]])
    assert result.total.hidden
    assert result.total.newcomers_text == "färre än 5"
    assert all(f.hidden and f.text == "färre än 5" for f in result.total.figures)


def test_one_small_unit_hides_one_more_so_the_total_gives_nothing_away(hr, city, newcomer):
    for unit, n in (("a", 6), ("b", 7), ("c", 2)):
        for _n in range(n):
            newcomer(city[unit], mentor_on=START)
    result = report(hr, [city["a"], city["b"], city["c"]], breakdown="unit")
    shown = {row.label.split(" (")[0]: row.newcomers_text for row in result.rows}
    # Äldre has 2 and is hidden; Barn och unga, the next smallest, goes too.
    assert shown == {"Barn och unga": "färre än 5", "Vuxen": "7", "Äldre": "färre än 5"}
    assert result.total.newcomers_text == "15"
    hidden_rows = [row for row in result.rows if row.hidden]
    assert all(f.hidden for row in hidden_rows for f in row.figures)


def test_a_share_whose_base_is_small_is_hidden_and_takes_another_with_it(hr, city, newcomer):
    # Seven in a, six in b: both big enough. But four plans in a have no Part 1 module,
    # so a's Part 1 share is about three people and hidden, and b's must go too, or the
    # total's share would give a's away.
    plans = [newcomer(city["a"], done={"m1": days(30)}) for _n in range(7)]
    PlanItem.objects.filter(plan__in=plans[:4], module__part__number=1).delete()
    for _n in range(6):
        newcomer(city["b"])
    result = report(hr, units(city), breakdown="unit")
    by_unit = {row.label.split(" (")[0]: figures(row) for row in result.rows}
    assert [row.newcomers_text for row in result.rows] == ["7", "6"]
    assert by_unit["Barn och unga"]["part1_in_time"] == (3, "färre än 5")
    assert by_unit["Vuxen"]["part1_in_time"] == (6, "färre än 5")
    assert figures(result.total)["part1_in_time"] == (9, "33 %")
    # The mentor share has a full base in both units and stays.
    assert by_unit["Vuxen"]["mentor_by_day_one"] == (6, "0 %")


def test_a_unit_over_several_half_years_shows_only_when_each_half_year_does(hr, city, newcomer):
    # The first half of 2025: three in a, six in b. The first half of 2026: four in a,
    # five in c. Each half-year on its own hides its small unit and, with it, the next
    # smallest (or the total would tell). Over both, a has seven, b six and c five, but
    # showing them would give the small ones away: 2025's total minus b's six is a's
    # three. So a unit over a run of half-years is shown only when each half-year is.
    for _n in range(3):
        newcomer(city["a"])
    for _n in range(6):
        newcomer(city["b"])
    for _n in range(4):
        newcomer(city["a"], start=datetime.date(2026, 3, 2))
    for _n in range(5):
        newcomer(city["c"], start=datetime.date(2026, 3, 2))
    period = (datetime.date(2025, 1, 1), datetime.date(2026, 6, 30))
    in_2026 = (datetime.date(2026, 1, 1), datetime.date(2026, 6, 30))
    hidden = "färre än 5"
    first = report(hr, units(city), breakdown="unit")
    assert [r.newcomers_text for r in first.rows] + [first.total.newcomers_text] == [
        hidden,
        hidden,
        "9",
    ]
    later = report(hr, units(city), breakdown="unit", period=in_2026)
    assert [r.newcomers_text for r in later.rows] + [later.total.newcomers_text] == [
        hidden,
        hidden,
        "9",
    ]
    whole = report(hr, units(city), breakdown="unit", period=period)
    assert [r.newcomers_text for r in whole.rows] == [hidden] * 3
    assert whole.total.newcomers_text == "18"
    # Asked for on its own, each unit hides what its administration's table hides.
    for unit in ("a", "b", "c"):
        assert report(hr, [city[unit]], period=period).total.hidden
    assert report(hr, [city["b"]]).total.hidden
    # The same figures for the administration, asked for by half-year or over both.
    assert report(hr, units(city)).total.newcomers == 9
    assert report(hr, units(city), period=in_2026).total.newcomers == 9


def test_breakdown_by_gender_and_kind_labels_and_missing_values(hr, city, newcomer):
    for gender, n in (("woman", 6), ("man", 5), ("", 5)):
        for _n in range(n):
            newcomer(city["a"], gender=gender, kind="graduate")
    result = report(hr, [city["a"]], breakdown="gender")
    assert [(r.label, r.newcomers_text) for r in result.rows] == [
        ("Kvinna", "6"),
        ("Man", "5"),
        ("Uppgift saknas", "5"),
    ]
    result = report(hr, [city["a"]], breakdown="kind")
    assert [(r.label, r.newcomers_text) for r in result.rows] == [("Nyutexaminerad", "16")]


# --- evaluations, check-ins, competence -------------------------------------------------


def course(module, first):
    session = CourseSession.objects.create(
        module=module, status=CourseSession.Status.PUBLISHED, capacity=20, place="Stadshuset"
    )
    SessionDay.objects.create(
        session=session, date=first, start=datetime.time(9), end=datetime.time(16)
    )
    return session


def evaluate(session, unit, ratings):
    for rating in ratings:
        enrolment = Enrolment.objects.create(
            session=session, person=UserFactory(unit=unit), status=Enrolment.Status.ADMITTED
        )
        Evaluation.objects.create(session=session, enrolment=enrolment, rating=rating)


def test_evaluations_per_module_and_session_with_small_sessions_hidden(hr, city, programme):
    first = course(programme["m1"], datetime.date(2025, 3, 10))
    second = course(programme["m1"], datetime.date(2025, 5, 12))
    third = course(programme["m1"], datetime.date(2025, 6, 2))
    outside = course(programme["m1"], datetime.date(2025, 8, 1))
    evaluate(first, city["a"], [5, 5, 4, 4, 2])
    evaluate(second, city["a"], [3, 3, 3, 3, 3, 3])
    evaluate(third, city["a"], [1, 2])
    evaluate(outside, city["a"], [1, 1, 1, 1, 1])
    evaluate(first, elsewhere(), [1, 1, 1, 1, 1])  # another municipality's unit
    [module] = report(hr, [city["a"]]).evaluations
    assert (module.label, module.people, module.mean.text) == ("Samtal", 13, "3,2")
    assert [(s.label, s.hidden, s.mean.text) for s in module.sessions] == [
        ("2025-03-10", True, "färre än 5"),  # hidden with the small one: 5 < 6
        ("2025-05-12", False, "3,0"),
        ("2025-06-02", True, "färre än 5"),
    ]


def test_checkin_means_need_five_people(hr, city, six):
    answered = timezone.make_aware(datetime.datetime(2025, 4, 1, 12))
    for plan in six[:4]:
        CheckIn.objects.create(
            plan=plan,
            newcomer_id=plan.newcomer_id,
            unit=city["a"],
            point=1,
            joy_rating=4,
            manager_rating=3,
            group_rating=5,
            contribution_rating=2,
            answered_at=answered,
        )
    result = report(hr, [city["a"]])
    assert result.checkin_people == 4
    assert all(f.text == "färre än 5" for _label, f in result.checkins)
    plan = six[4]
    CheckIn.objects.create(
        plan=plan,
        newcomer_id=plan.newcomer_id,
        unit=city["a"],
        point=1,
        joy_rating=5,
        manager_rating=3,
        group_rating=5,
        contribution_rating=2,
        answered_at=answered,
    )
    result = report(hr, [city["a"]])
    assert result.checkin_people == 5
    assert [f.text for _label, f in result.checkins] == ["4,2", "3,0", "5,0", "2,0"]


def test_competence_levels_of_the_staff_on_the_last_day(hr, city):
    on = HALF_YEAR[1]
    for years, n in ((1, 6), (3, 2), (7, 5), (12, 5)):
        for _n in range(n):
            UserFactory(
                unit=city["a"],
                in_profession_since=on - datetime.timedelta(days=int(365.25 * years)),
            )
    UserFactory(unit=city["a"])  # no year given
    UserFactory(unit=city["a"], end_date=on, start_date=datetime.date(2020, 1, 1))  # left that day
    UserFactory(unit=city["a"], start_date=on + datetime.timedelta(days=1))  # not yet employed
    # Another municipality's: not in the scope.
    UserFactory(unit=elsewhere(), in_profession_since=datetime.date(2000, 1, 1))
    result = report(hr, [city["a"]])
    # Two and one are hidden; together they are three, so the smallest shown (5) goes
    # too, or the total would tell that the two hidden levels hold three people.
    assert [(level.label, level.text) for level in result.staff] == [
        ("Nybörjare (under 2 år)", "6"),
        ("Kunnig (2–5 år)", "färre än 5"),
        ("Avancerad (5–10 år)", "färre än 5"),
        ("Specialist (över 10 år)", "5"),
        ("Uppgift saknas", "färre än 5"),
    ]
    assert result.staff_total == 19


# --- the day the figures are counted on -------------------------------------------------

FIRST_HALF_2026 = (datetime.date(2026, 1, 1), datetime.date(2026, 6, 30))


def first_half_2026(hr, unit, today):
    """Unit's follow-up of the first half of 2026, as asked for on `today`."""
    scope = Scope("u", "a", frozenset({unit.pk}), 2)
    start, end = FIRST_HALF_2026
    return figures_for(viewer=hr, scope=scope, start=start, end=end, today=today)


def test_figures_are_counted_on_the_last_day_of_the_latest_half_year_that_is_over(
    hr, city, newcomer
):
    # Six start in January 2026, one of them with a Part 2 module done in September.
    winter = datetime.date(2026, 1, 12)
    plans = [newcomer(city["a"], start=winter) for _n in range(5)]
    plans.append(newcomer(city["a"], start=winter, done={"m2a": datetime.date(2026, 9, 1)}))

    def part2(today):
        result = first_half_2026(hr, city["a"], today)
        return result.as_of, figures(result.total)["part2_progress"]

    # In December 2026 the figures are as they were on 30 June: nothing done yet.
    assert part2(TODAY) == (datetime.date(2026, 6, 30), (6, "0 %"))
    assert part2(datetime.date(2026, 12, 31)) == (datetime.date(2026, 6, 30), (6, "0 %"))
    # From January the count day is 31 December: one of six did one of two modules.
    assert part2(datetime.date(2027, 1, 4)) == (datetime.date(2026, 12, 31), (6, "8 %"))


def test_a_half_years_starters_enter_a_deadline_figure_together(hr, city, newcomer):
    # Five start in January (Part 1 due in May), one in April (due in August). On
    # 30 June five deadlines have passed; counting them alone, the sixth's result would
    # show as the change when the figure moved on 31 December.
    for _n in range(5):
        newcomer(
            city["a"], start=datetime.date(2026, 1, 12), done={"m1": datetime.date(2026, 2, 10)}
        )
    newcomer(city["a"], start=datetime.date(2026, 4, 6))

    def part1(today):
        return figures(first_half_2026(hr, city["a"], today).total)["part1_in_time"]

    assert part1(TODAY) == (0, "–")
    assert part1(datetime.date(2027, 1, 4)) == (6, "83 %")


def test_a_session_of_several_days_counts_each_answer_once(hr, city, programme):
    session = course(programme["m2a"], datetime.date(2025, 3, 10))
    SessionDay.objects.create(
        session=session,
        date=datetime.date(2025, 3, 11),
        start=datetime.time(9),
        end=datetime.time(16),
    )
    evaluate(session, city["a"], [4, 4, 4, 5, 5, 5])
    [module] = report(hr, [city["a"]]).evaluations
    assert (module.people, module.mean.text) == (6, "4,5")
    assert [(s.label, s.people) for s in module.sessions] == [("2025-03-10", 6)]


def test_a_units_staff_is_hidden_when_its_administration_would_give_a_sibling_away(hr, city):
    on = HALF_YEAR[1]
    for _n in range(8):
        UserFactory(unit=city["a"], in_profession_since=on - datetime.timedelta(days=400))
    UserFactory(unit=city["b"], in_profession_since=datetime.date(2000, 1, 1))
    administration = report(hr, units(city))
    assert (administration.staff_total, administration.staff_total_hidden) == (9, False)
    # Nine in the administration, eight in a: a's eight would tell b's one.
    alone = report(hr, [city["a"]])
    assert alone.staff_total_hidden
    assert all(level.hidden for level in alone.staff if level.count)


def test_checkins_over_two_half_years_show_only_when_each_does(hr, city, six, newcomer):
    def answer(plan, when):
        CheckIn.objects.create(
            plan=plan,
            newcomer_id=plan.newcomer_id,
            unit=city["a"],
            point=1,
            joy_rating=4,
            manager_rating=4,
            group_rating=4,
            contribution_rating=4,
            answered_at=timezone.make_aware(when),
        )

    for plan in six:
        answer(plan, datetime.datetime(2025, 4, 1, 12))
    later = [newcomer(city["a"], start=datetime.date(2025, 8, 4)) for _n in range(3)]
    for plan in later:
        answer(plan, datetime.datetime(2025, 9, 1, 12))
    assert report(hr, [city["a"]]).checkin_people == 6
    assert not report(hr, [city["a"]]).checkins[0][1].hidden
    year = (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
    whole = report(hr, [city["a"]], period=year)
    # Nine people over the year, but the autumn's three would be the difference.
    assert whole.checkin_people == 9
    assert all(figure.hidden for _label, figure in whole.checkins)


def test_part_1_figures_follow_a_corrected_attendance(city, programme, newcomer, coordinator):
    """The figures read completions: one taken back by a corrected day is gone from them,
    and back when the day is marked present again."""
    from lms.programme import services as programme_services

    plan = newcomer(city["a"])
    session = CourseSession.objects.create(
        module=programme["m1"], status=CourseSession.Status.PUBLISHED, capacity=5
    )
    day = SessionDay.objects.create(
        session=session, date=days(30), start=datetime.time(9), end=datetime.time(16)
    )
    enrolment = Enrolment.objects.create(
        session=session, person=plan.newcomer, status=Enrolment.Status.ADMITTED
    )

    def part1_done_on():
        (person,) = _people(frozenset({city["a"].pk}), *HALF_YEAR, TODAY)
        return person.part1_done_on

    def mark(status):
        programme_services.attendance_mark(
            enrolment=enrolment, day=day, status=status, by=coordinator
        )

    mark("present")
    assert part1_done_on() == days(30)
    mark("absent")
    assert part1_done_on() is None
    mark("present")
    assert part1_done_on() == days(30)
