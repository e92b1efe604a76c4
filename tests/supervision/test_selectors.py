"""Who knows of a session, who reads what was shared, and who reads the private note:
the three layers for the author, a participant, another participant of a group, the
manager, HR, an administrator and a stranger."""

import datetime

import pytest
from django.http import Http404
from django.utils import timezone

from lms.accounts.models import Role
from lms.supervision import selectors, services
from lms.supervision.models import SessionKind
from tests.factories import UserFactory

from .conftest import NOTE, SUMMARY

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(log, newcomer, newcomer2, plan2, item):
    """A group session with a follow-up and a reflection for each of the two newcomers."""
    session = log(
        kind=SessionKind.GROUP,
        newcomers=[newcomer, newcomer2],
        topics=[item],
        follow_ups=[
            services.FollowUpInput(text="Första uppföljningen", newcomer=newcomer),
            services.FollowUpInput(text="Andras uppföljning", newcomer=newcomer2),
        ],
    )
    services.session_reflect(session=session, by=newcomer, reflection="Min egen reflektion")
    services.session_reflect(session=session, by=newcomer2, reflection="Den andras tankar")
    return session


def _view(session, viewer):
    found = selectors.session_get(viewer=viewer, pk=session.pk)
    return selectors.session_contents(session=found, viewer=viewer, with_note=True)


def test_the_author_reads_every_layer(group, supervisor):
    view = _view(group, supervisor)
    assert view.layer == "author"
    assert (view.summary, view.note) == (SUMMARY, NOTE)
    assert {f.text for f in view.follow_ups} == {"Första uppföljningen", "Andras uppföljning"}
    assert {r.reflection for r in view.reflections} == {"Min egen reflektion", "Den andras tankar"}
    assert len(view.topics) == 1


def test_a_participant_reads_the_summary_and_their_own_part(group, newcomer):
    view = _view(group, newcomer)
    assert view.layer == "shared"
    assert view.summary == SUMMARY
    assert view.note is None
    assert [f.text for f in view.follow_ups] == ["Första uppföljningen"]
    assert [r.reflection for r in view.reflections] == ["Min egen reflektion"]
    assert view.own.newcomer == newcomer
    assert [t.title for t in view.topics] == ["Läs riktlinjen för barnutredningar"]


def test_another_participant_of_the_group_does_not_read_the_first_ones_part(group, newcomer2):
    view = _view(group, newcomer2)
    assert view.summary == SUMMARY
    assert view.note is None
    assert [f.text for f in view.follow_ups] == ["Andras uppföljning"]
    assert [r.reflection for r in view.reflections] == ["Den andras tankar"]
    assert view.topics == []  # the topic is an item of the other newcomer's plan


def test_the_manager_knows_the_session_happened_and_nothing_more(group, manager):
    session = selectors.session_get(viewer=manager, pk=group.pk)
    assert session.relation == "manager"
    view = selectors.session_contents(session=session, viewer=manager, with_note=True)
    assert view.layer == "fact"
    assert (view.summary, view.note, view.follow_ups, view.topics) == (None, None, None, None)
    assert view.reflections == []


def test_a_manager_sees_only_their_own_units_newcomers_by_name(
    log, supervisor, newcomer, other_newcomer, manager, other_unit
):
    from .factories import PlanFactory

    PlanFactory(newcomer=other_newcomer, supervisor=supervisor)
    session = log(kind=SessionKind.GROUP, newcomers=[newcomer, other_newcomer])
    mine = selectors.session_get(viewer=manager, pk=session.pk)
    assert [a.newcomer for a in mine.shown_attendees] == [newcomer]
    assert mine.hidden_count == 1


@pytest.mark.parametrize("who", ["hr", "admin_user", "stranger", "mentor"])
def test_hr_administrators_and_others_do_not_know_of_it(group, request, who):
    person = request.getfixturevalue(who)
    assert not selectors.session_list(viewer=person).exists()
    with pytest.raises(Http404):
        selectors.session_get(viewer=person, pk=group.pk)


def test_a_manager_of_another_unit_does_not_know_of_it(group, other_unit):
    boss = UserFactory(roles=[(Role.MANAGER, other_unit)])
    assert not selectors.session_list(viewer=boss).exists()


def test_the_private_note_and_summary_are_never_loaded_with_a_row(group, supervisor, newcomer):
    for viewer in (supervisor, newcomer):
        for session in selectors.session_list(viewer=viewer):
            assert {"private_note", "shared_summary"} <= session.get_deferred_fields()
        page = selectors.session_page(viewer=viewer)
        for session in page.object_list:
            assert "private_note" in session.get_deferred_fields()


def test_the_note_is_read_only_when_asked_for_by_the_author(group, supervisor):
    session = selectors.session_get(viewer=supervisor, pk=group.pk)
    assert selectors.session_contents(session=session, viewer=supervisor).note is None


def test_the_log_page_costs_the_same_for_few_and_many(log, supervisor, django_assert_num_queries):
    for n in range(3):
        log(starts_at=timezone.now() - datetime.timedelta(days=n + 1))
    supervisor.forget_roles()
    supervisor._role_pairs  # noqa: B018 (roles are read once per request)
    with django_assert_num_queries(3):  # count, rows, participants
        page = selectors.session_page(viewer=supervisor)
        assert len(page.object_list) == 3
    for n in range(10):
        log(starts_at=timezone.now() - datetime.timedelta(days=n + 10))
    with django_assert_num_queries(3):
        page = selectors.session_page(viewer=supervisor)
        assert len(page.object_list) == 13


def test_loggable_plans_and_kinds(plan, plan2, mentor, supervisor, manager, newcomer2):
    assert list(selectors.loggable_plans(author=mentor)) == [plan]
    assert set(selectors.loggable_plans(author=supervisor)) == {plan, plan2}
    assert set(selectors.loggable_plans(author=manager)) == {plan, plan2}
    assert selectors.kinds_for(plan=plan, author=mentor) == {"mentor_talk", "shadowing"}
    assert "mentor_talk" not in selectors.kinds_for(plan=plan, author=supervisor)
    assert selectors.kinds_for(plan=plan2, author=mentor) == set()
    assert selectors.default_kind({"mentor_talk", "shadowing"}) == "mentor_talk"
    assert selectors.default_kind(selectors.kinds_for(plan=plan, author=manager)) == "one_to_one"
