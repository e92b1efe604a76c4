"""The demo's check-ins: HR's page shows one unit's means and hides the smaller units,
the demo newcomer has a check-in waiting, and loading twice changes nothing."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from lms.accounts.models import User
from lms.checkins import selectors
from lms.checkins.models import CheckIn

pytestmark = pytest.mark.django_db


def _load():
    call_command("load_demo", force=True, stdout=io.StringIO())


def _snapshot():
    return sorted(
        CheckIn.objects.values_list(
            "newcomer__email",
            "point",
            "unit__name",
            "shared",
            "joy_rating",
            "message",
            "created_at",
        )
    )


def test_the_demo_check_ins_show_figures_suppression_and_a_waiting_check_in(demo_city):
    today = timezone.localdate()
    ended = [p for p in selectors.figures(today=today) if p.ended]
    last = {r.unit_name: r for r in ended[0].rows}
    assert not last["Barn och unga Centrum"].people.hidden
    assert last["Barn och unga Centrum"].means is not None
    assert any(r.people.hidden for r in last.values())
    amira = User.objects.get(email="nyanstalld@demo.test")
    assert selectors.open_checkin_pending(person=amira, today=today) is not None
    assert CheckIn.objects.filter(shared=True).exists()
    assert CheckIn.objects.filter(shared=False).exists()
    assert CheckIn.objects.exclude(message="").count() == 1
    chef = User.objects.get(email="chef@demo.test")
    with_message = CheckIn.objects.exclude(message="").get()
    assert with_message.unit_id in chef.managed_unit_ids and with_message.shared


def test_loading_the_demo_twice_leaves_the_same_check_ins(demo_city):
    first = _snapshot()
    _load()
    assert _snapshot() == first
