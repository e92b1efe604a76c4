"""Ranked suggestions: who is left out, the order, the reasons in words, and a fixed
number of queries; the pool and the lists each viewer gets."""

import pytest

from lms.accounts.models import Role
from lms.mentoring import selectors
from lms.mentoring.models import MentorProfile
from lms.organisation.models import Area
from tests.factories import UnitFactory, UserFactory
from tests.supervision.factories import PlanFactory

from .conftest import DAY
from .factories import MentorProfileFactory, PairingFactory, years_ago

pytestmark = pytest.mark.django_db


def _suggest(newcomer, **kwargs):
    kwargs.setdefault("start_date", newcomer.start_date)
    return selectors.suggestions(newcomer=newcomer, **kwargs)


def _names(suggestions):
    return [s.mentor for s in suggestions]


def test_same_area_first_then_same_unit_then_nearby(
    newcomer, unit, neighbour_unit, far_unit, in_pool
):
    other_area = UnitFactory(
        administration=unit.administration,
        area=Area.objects.get_or_create(code="aldre", defaults={"name": "Äldre"})[0],
    )
    far = in_pool(far_unit)
    elsewhere = in_pool(other_area)
    near = in_pool(neighbour_unit)
    own = in_pool(unit)
    assert _names(_suggest(newcomer)) == [own, near, far, elsewhere]


def test_more_places_left_then_higher_competence_then_a_shared_language(newcomer, unit, in_pool):
    full_ish = in_pool(unit, capacity=2)
    PairingFactory(mentor=full_ish)
    roomy = in_pool(unit, capacity=2)
    expert = in_pool(unit, capacity=2, years=12)
    speaker = in_pool(unit, capacity=2, years=12, languages=["ar"])
    ranked = _names(_suggest(newcomer))
    assert set(ranked[:2]) == {expert, speaker} and ranked[2:] == [roomy, full_ish]
    ranked = _names(_suggest(newcomer, language="ar"))
    assert ranked[:2] == [speaker, expert] and ranked[2:] == [roomy, full_ish]


def test_unknown_level_ranks_last_and_is_marked(newcomer, unit, far_unit, in_pool):
    unknown = UserFactory(unit=unit, roles=[Role.MENTOR])
    MentorProfileFactory(user=unknown)
    known_far = in_pool(far_unit)
    suggestions = _suggest(newcomer)
    assert _names(suggestions) == [known_far, unknown]
    assert suggestions[1].level_unknown and "Erfarenhet okänd" in suggestions[1].reasons


def test_the_reasons_are_said_in_words(newcomer, unit, in_pool):
    in_pool(unit, capacity=3, years=3, languages=["ar"])
    [suggestion] = _suggest(newcomer, language="ar")
    assert suggestion.reasons == [
        "Samma verksamhetsområde",
        "Samma enhet",
        "3 platser kvar",
        "Kunnig (2–5 år)",
        "Talar arabiska",
    ]


def test_those_who_must_not_mentor_are_left_out(
    newcomer, unit, manager, supervisor, in_pool, today, far_unit
):
    plan = PlanFactory(newcomer=newcomer, start_date=newcomer.start_date, supervisor=supervisor)
    good = in_pool(unit)
    MentorProfileFactory(user=newcomer)  # themself
    MentorProfileFactory(user=manager)  # a manager of the newcomer's unit
    manager.in_profession_since = years_ago(10)
    manager.save()
    MentorProfileFactory(user=supervisor)  # the plan's supervisor
    in_pool(unit, years=1)  # a novice
    in_pool(unit, is_active=False)  # left the pool
    in_pool(unit, available_until=newcomer.start_date - DAY)  # on leave by the start
    in_pool(unit, available_from=newcomer.start_date + DAY)  # back only later
    full = in_pool(unit, capacity=1)
    PairingFactory(mentor=full)
    gone = in_pool(unit)
    gone.end_date = today
    gone.save()
    inactive = in_pool(unit)
    inactive.is_active = False
    inactive.save()
    current = in_pool(far_unit)
    running = PairingFactory(newcomer=newcomer, mentor=current)
    assert _names(_suggest(newcomer, plan=plan, current=running)) == [good]


def test_suggestions_cost_one_query_whatever_the_pool(
    newcomer, unit, far_unit, in_pool, django_assert_num_queries
):
    for _ in range(3):
        in_pool(unit)
    with django_assert_num_queries(1):
        assert len(_suggest(newcomer)) == 3
    for n in range(12):
        PairingFactory(mentor=in_pool(far_unit if n % 2 else unit, languages=["en"]))
    with django_assert_num_queries(1):
        assert len(_suggest(newcomer, language="en")) == selectors.SUGGESTIONS_SHOWN


def test_the_pool_shows_the_managers_units_and_areas(manager, unit, far_unit, in_pool, today):
    own = in_pool(unit)
    same_area = in_pool(far_unit)
    other_area = UnitFactory(
        area=Area.objects.get_or_create(code="aldre", defaults={"name": "Äldre"})[0]
    )
    in_pool(other_area)
    PairingFactory(mentor=own)
    rows = selectors.pool_rows(viewer=manager, day=today)
    assert [p.user for p in rows] == [own, same_area]
    row = next(p for p in rows if p.user == own)
    assert (row.used, row.left) == (1, 1)


def test_the_pool_is_empty_for_everyone_but_managers_and_admins(
    newcomer, mentor, hr, admin_user, today
):
    assert not selectors.pool_list(viewer=newcomer, day=today).exists()
    assert not selectors.pool_list(viewer=hr, day=today).exists()
    assert (
        selectors.pool_list(viewer=admin_user, day=today).count() == MentorProfile.objects.count()
    )


def test_pairings_are_seen_by_their_people_and_the_newcomers_manager(
    newcomer, mentor, manager, supervisor, hr, other_newcomer
):
    pairing = PairingFactory(newcomer=newcomer, mentor=mentor)
    for person in (newcomer, mentor, manager):
        assert list(selectors.pairing_list(viewer=person)) == [pairing]
    for person in (supervisor, hr, other_newcomer):
        assert not selectors.pairing_list(viewer=person).exists()


def test_the_mentor_loads_only_their_own_fit_answer(newcomer, mentor):
    from lms.mentoring import services
    from lms.mentoring.models import Fit

    pairing = PairingFactory(newcomer=newcomer, mentor=mentor)
    services.fit_answer(pairing=pairing, by=newcomer, answer=Fit.NOT_GOOD)
    [loaded] = selectors.mentee_pairings(mentor=mentor)
    assert loaded.my_fit == []
    services.fit_answer(pairing=pairing, by=mentor, answer=Fit.GOOD)
    [loaded] = selectors.mentee_pairings(mentor=mentor)
    assert [a.answer for a in loaded.my_fit] == [Fit.GOOD]


def test_the_manager_start_lists_requests_and_newcomers_without_a_mentor(
    manager, newcomer, unit, today, mentor
):
    from lms.mentoring import services

    waiting = UserFactory(unit=unit, roles=[Role.NEWCOMER], start_date=today + 5 * DAY)
    data = selectors.manager_start(viewer=manager, today=today)
    assert {p.pk for p in data["without"]} == {newcomer.pk, waiting.pk}
    pairing = PairingFactory(newcomer=newcomer, mentor=mentor)
    services.change_request_create(pairing=pairing, by=newcomer)
    data = selectors.manager_start(viewer=manager, today=today)
    assert [p.pk for p in data["without"]] == [waiting.pk]
    assert [r.newcomer for r in data["requests"]] == [newcomer]


def test_the_factories_make_a_proficient_mentor_in_the_pool():
    from .factories import MentorProfileFactory as Profiles

    pairing = PairingFactory()
    profile = Profiles()
    assert pairing.mentor.has_role(Role.MENTOR) and pairing.mentor.competence_level == "proficient"
    assert profile.user.has_role(Role.MENTOR) and profile.is_active
