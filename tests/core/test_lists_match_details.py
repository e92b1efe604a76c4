"""A list shows exactly what the detail page allows, for every demo role.

Each rule below has a queryset twin: the selector a list (and the detail view's 404)
is built from. For every demo account and every object of that kind in the demo city,
"is it in the viewer's list?" must equal "does the rule let the viewer open it?". A rule
named `view_*` that is neither paired here nor excused with a reason fails the test, so
a new one gets its twin checked from the day it is written.
"""

from dataclasses import dataclass
from typing import Any

import pytest
import rules
from django.apps import apps
from django.http import Http404
from django.utils import timezone

from lms.accounts import selectors as accounts
from lms.accounts.models import User
from lms.certificates import selectors as certificates
from lms.certificates.models import Certificate
from lms.checkins import selectors as checkins
from lms.checkins.models import CheckIn
from lms.mentoring import selectors as mentoring
from lms.mentoring.models import MentorChangeRequest, MentorPairing, MentorProfile
from lms.plans import selectors as plans
from lms.plans.models import IntroductionPlan, PlanTemplate
from lms.programme import selectors as programme
from lms.programme.models import Enrolment
from lms.supervision import selectors as supervision
from lms.supervision.models import Session
from tests.demo_logins import DEMO_LOGINS


@dataclass(frozen=True)
class Twin:
    rule: str
    objects: Any  # () -> the demo's objects of the kind
    visible: Any  # (viewer) -> the viewer's list, or (viewer, obj) -> bool for a getter
    with_object: bool = True  # False: a rule about the person alone gates the whole list
    getter: bool = False


def _got(get):
    def visible(viewer, obj) -> bool:
        try:
            get(viewer, obj)
        except Http404:
            return False
        return True

    return visible


def _today():
    return timezone.localdate()


def _sessions():
    """Every session with its participants read once, as the session pages prepare them
    for the rules (else the rule reads them for each of the ten viewers)."""
    anyone = User.objects.get(email="admin@demo.test")
    return [
        supervision._prepare(session, anyone)
        for session in supervision.with_participants(Session.objects.all())
    ]


#: Each rule and its queryset twin (the selector lists and detail views use).
TWINS = [
    # The staff directory and a person's page.
    Twin("accounts.view_person", User.objects.all, lambda v: accounts.person_list(viewer=v)),
    # A plan: the plan list, plan_get (the plan page, its PDF, its items).
    Twin("plans.view_plan", IntroductionPlan.objects.all, lambda v: plans.plan_list(viewer=v)),
    # Plans a template can be applied to, the plan's edit pages.
    Twin(
        "plans.change_plan",
        IntroductionPlan.objects.all,
        lambda v: plans.plans_changeable(viewer=v),
    ),
    # The template list and a template's page: all or none.
    Twin(
        "plans.manage_templates",
        PlanTemplate.objects.all,
        lambda v: plans.template_list(viewer=v),
        with_object=False,
    ),
    # The manager's check-ins of one newcomer, and the plan panel.
    Twin(
        "checkins.follow_plan",
        IntroductionPlan.objects.all,
        lambda v: checkins.plans_followed(viewer=v),
    ),
    # That a check-in was answered: the overview and the newcomer's history.
    Twin("checkins.view_answered", CheckIn.objects.all, lambda v: checkins.checkin_list(viewer=v)),
    # A person's progress and certificates page.
    Twin(
        "certificates.view_person", User.objects.all, lambda v: certificates.person_list(viewer=v)
    ),
    # The certificate list and the download.
    Twin(
        "certificates.download_certificate",
        Certificate.objects.all,
        lambda v: certificates.certificate_list(viewer=v),
    ),
    # The pairing page of a newcomer: every newcomer (or person once paired) is a candidate.
    Twin(
        "mentoring.pair",
        lambda: mentoring.pairable_newcomers(viewer=User.objects.get(email="admin@demo.test")),
        lambda v: mentoring.pairable_newcomers(viewer=v),
    ),
    # A pairing: "is this a good fit?", ending it, asking for a new mentor.
    Twin(
        "mentoring.view_pairing",
        MentorPairing.objects.all,
        lambda v: mentoring.pairing_list(viewer=v),
    ),
    # A request for a new mentor and its message.
    Twin(
        "mentoring.view_request_message",
        MentorChangeRequest.objects.all,
        lambda v: mentoring.request_list(viewer=v),
    ),
    # A booking: cancelling it (enrolment_get answers 404 for every other booking).
    Twin(
        "programme.cancel_enrolment",
        Enrolment.objects.all,
        _got(lambda v, e: programme.enrolment_get(viewer=v, pk=e.pk)),
        getter=True,
    ),
    # That a session happened: the session log and a session's page.
    Twin(
        "supervision.know_of_session",
        _sessions,
        lambda v: supervision.session_list(viewer=v),
    ),
    # The supervision dashboard's rows, the newcomer page, whom a session is logged with.
    Twin(
        "supervision.follow_newcomer",
        IntroductionPlan.objects.all,
        lambda v: supervision.followed_plans(viewer=v),
    ),
]

#: `view_*` rules without a list of objects to compare, and why.
EXCUSED = {
    # Pages about the person alone (no object): the view asks the rule, no list exists.
    "checkins.view_overview": "a page; its rows come from the manager's units",
    "checkins.view_figures": "counts per unit, no objects",
    "supervision.view_figures": "counts per unit, no objects",
    "reports.view_figures": "figures; scopes_for offers only what the rule allows",
    "mentoring.view_pool": "the pool page; mentoring.change_profile acts on its rows",
    "programme.view_participants": "a coordinator's exports of a session they can open",
    "notifications.view_log": "the log page; log_for filters by the same log_kinds",
    # Parts of an object already in a list: masked fields, never a list of their own.
    "checkins.view_message": "a field of checkin_list (shown_message)",
    "checkins.view_answers": "fields of checkin_list (shown_<field>)",
    "supervision.view_session_summary": "a field, read by session_contents",
    "supervision.view_private_note": "the author's own field: no list ever loads it",
    "mentoring.view_fit_answers": "fields on the pairing page, asked there",
    "reports.view_names": "asked per unit of a report (sees_names), not of an object",
}


def _product_rules() -> set[str]:
    labels = {c.label for c in apps.get_app_configs() if c.name.startswith("lms.")}
    return {name for name in rules.permissions.permissions if name.split(".")[0] in labels}


def test_every_view_rule_is_paired_with_its_list_or_excused():
    product = _product_rules()
    twins = {twin.rule for twin in TWINS}
    assert twins <= product, twins - product
    assert set(EXCUSED) <= product, set(EXCUSED) - product
    assert not twins & set(EXCUSED)
    viewing = {name for name in product if name.split(".")[1].startswith("view_")}
    unlisted = viewing - twins - set(EXCUSED)
    assert not unlisted, f"pair these with their queryset twin or excuse them: {unlisted}"


@pytest.fixture
def viewers(demo_city):
    found = list(User.objects.filter(email__in=DEMO_LOGINS))
    assert sorted(v.email for v in found) == sorted(DEMO_LOGINS)
    return found


@pytest.mark.parametrize("twin", TWINS, ids=lambda twin: twin.rule)
def test_the_list_shows_exactly_what_the_rule_allows(twin, viewers):
    objects = list(twin.objects())
    assert objects, f"the demo has nothing to check {twin.rule} on"
    wrong, sizes = [], set()
    for viewer in viewers:
        if twin.getter:
            shown = {obj.pk for obj in objects if twin.visible(viewer, obj)}
        else:
            shown = set(twin.visible(viewer).values_list("pk", flat=True))
        sizes.add(len(shown & {obj.pk for obj in objects}))
        for obj in objects:
            allowed = viewer.has_perm(twin.rule, obj if twin.with_object else None)
            if (obj.pk in shown) != allowed:
                wrong.append((viewer.email, obj.pk, "listed" if obj.pk in shown else "hidden"))
    assert not wrong, f"{twin.rule}: list and rule disagree (viewer, pk, list): {wrong[:20]}"
    # Listed for some and hidden from others: a twin that returned nothing (or
    # everything) to every role would prove nothing.
    assert len(sizes) > 1, f"{twin.rule}: every demo role sees the same number {sizes}"


def test_the_profile_rule_is_narrower_than_the_pool(viewers):
    """The pool also shows mentors of the same areas of work (suggestions come from
    there); changing a profile stays with the mentor's own manager, the mentor and
    administrators. So every profile that may be changed from the pool is in it."""
    today = _today()
    for viewer in viewers:
        listed = set(mentoring.pool_list(viewer=viewer, day=today).values_list("pk", flat=True))
        for profile in MentorProfile.objects.select_related("user"):
            may_change = viewer.has_perm("mentoring.change_profile", profile)
            if may_change and profile.user_id != viewer.pk:
                assert profile.pk in listed, (viewer.email, profile.pk)
