import datetime
from collections import Counter

import pytest
from allauth.mfa.models import Authenticator
from django.core.management import CommandError, call_command
from django.utils import timezone

from lms.accounts.models import Role, RoleAssignment, User
from lms.organisation.models import Administration, Unit
from lms.plans.models import PlanTemplate
from lms.programme.models import Module
from lms.reports.demo import EARLIER_HALVES, EARLIER_PER_HALF

pytestmark = [pytest.mark.django_db, pytest.mark.dates]

DEMO_LOGINS = {
    "nyanstalld@demo.test": Role.NEWCOMER,
    "nyanstalld2@demo.test": Role.NEWCOMER,
    "mentor@demo.test": Role.MENTOR,
    "handledare@demo.test": Role.SUPERVISOR,
    "chef@demo.test": Role.MANAGER,
    "samordnare@demo.test": Role.COORDINATOR,
    "hr@demo.test": Role.HR,
    "admin@demo.test": Role.ADMIN,
}


def _snapshot():
    return (
        User.objects.count(),
        Unit.objects.count(),
        Administration.objects.count(),
        RoleAssignment.objects.count(),
        sorted(User.objects.values_list("email", "unit__name", "start_date")),
    )


def test_load_demo_refuses_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="refuses to run with DJANGO_DEBUG off"):
        call_command("load_demo")


def test_load_demo_builds_the_city_and_every_login(demo_city):
    assert Administration.objects.filter(kind="district").count() == 3
    assert 12 <= Unit.objects.count() <= 14
    # Logins, colleagues and the check-in cohort, and the follow-up's earlier starters.
    earlier = EARLIER_HALVES * EARLIER_PER_HALF
    assert User.objects.filter(email__startswith="tidigare.").count() == earlier
    assert 35 <= User.objects.count() - earlier <= 60
    for email, role in DEMO_LOGINS.items():
        user = User.objects.get(email=email)
        assert user.check_password("demo")
        assert user.has_role(role), email
    newcomer = User.objects.get(email="nyanstalld@demo.test")
    assert newcomer.start_date == timezone.localdate() - datetime.timedelta(days=42)
    other = User.objects.get(email="nyanstalld2@demo.test")
    assert other.unit != newcomer.unit
    # The plans show each stage: one who left (closed, kept) and a sign-off to give.
    from lms.plans.models import IntroductionPlan, PlanItem

    left = IntroductionPlan.objects.get(status=IntroductionPlan.Status.CLOSED)
    assert left.newcomer.end_date < timezone.localdate() and left.items.exists()
    assert PlanItem.objects.filter(
        plan__newcomer=newcomer, status=PlanItem.Status.SIGNOFF_REQUESTED
    ).exists()


def test_no_two_demo_people_share_a_full_name(demo_city):
    names = Counter(User.objects.values_list("first_name", "last_name"))
    assert [name for name, count in names.items() if count > 1] == []


def test_load_demo_is_idempotent_and_turns_off_demo_two_factor(demo_city):
    first = _snapshot()
    hr = User.objects.get(email="hr@demo.test")
    Authenticator.objects.create(user=hr, type=Authenticator.Type.TOTP, data={"secret": "x"})
    call_command("load_demo", force=True)
    assert _snapshot() == first
    assert not Authenticator.objects.filter(user__email__endswith="demo.test").exists()


def test_every_demo_login_reaches_its_start_page(client, demo_city):
    for email in DEMO_LOGINS:
        client.post("/accounts/login/", {"login": email, "password": "demo"})
        response = client.get("/start/")
        assert response.status_code == 200, email
        client.post("/accounts/logout/")


def test_the_demo_names_some_modules_and_every_plan_template_in_english(demo_city):
    named = Module.objects.exclude(title_en="")
    assert 0 < named.count() < Module.objects.count()  # the English demo shows both cases
    assert not PlanTemplate.objects.filter(is_current=True, name_en="").exists()
