import pytest
from django.urls import reverse

from lms.programme import services
from lms.programme.models import Enrolment

pytestmark = pytest.mark.django_db


def test_manager_moves_a_booking_to_another_date(client, manager, newcomer, make_session):
    here, there = make_session(in_days=20), make_session(in_days=50)
    booking = services.enrolment_nominate(session=here, person=newcomer, by=manager)
    client.force_login(manager)
    page = client.get(reverse("programme:enrolment_move", args=[booking.pk]))
    assert f'value="{there.pk}"' in page.content.decode()
    assert f'value="{here.pk}"' not in page.content.decode()
    response = client.post(reverse("programme:enrolment_move", args=[booking.pk]), {"to": there.pk})
    assert response.status_code == 302
    assert Enrolment.objects.get(person=newcomer, status="admitted").session == there


def test_a_session_of_another_module_cannot_be_chosen(
    client, manager, newcomer, make_session, part1
):
    from lms.programme.models import Module

    other = Module.objects.create(part=part1, title="Annat", slug="annat", length_days=1)
    here, elsewhere = make_session(), make_session(module=other)
    make_session(in_days=70)  # a valid alternative, so the form is offered
    booking = services.enrolment_nominate(session=here, person=newcomer, by=manager)
    client.force_login(manager)
    response = client.post(
        reverse("programme:enrolment_move", args=[booking.pk]), {"to": elsewhere.pk}
    )
    assert response.status_code == 200
    assert "Välj ett av tillfällena i listan." in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == "admitted" and booking.session == here


def test_a_failed_move_changes_nothing_and_says_why(client, manager, newcomer, make_session):
    here, closed = make_session(), make_session(in_days=60, deadline_in=-1)
    booking = services.enrolment_nominate(session=here, person=newcomer, by=manager)
    client.force_login(manager)
    response = client.post(
        reverse("programme:enrolment_move", args=[booking.pk]), {"to": closed.pk}
    )
    assert "Sista anmälningsdag var" in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == "admitted"


def test_another_units_manager_cannot_open_the_move_page(
    client, manager, other_newcomer, coordinator, make_session
):
    booking = services.enrolment_nominate(
        session=make_session(), person=other_newcomer, by=coordinator
    )
    client.force_login(manager)
    assert client.get(reverse("programme:enrolment_move", args=[booking.pk])).status_code == 404


def test_a_newcomer_moving_their_own_booking_asks_again(client, manager, newcomer, make_session):
    here, there = make_session(), make_session(in_days=50)
    booking = services.enrolment_nominate(session=here, person=newcomer, by=manager)
    client.force_login(newcomer)
    client.post(reverse("programme:enrolment_move", args=[booking.pk]), {"to": there.pk})
    assert Enrolment.objects.get(session=there, person=newcomer).status == "requested"
