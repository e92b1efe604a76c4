"""What a fit answer says and the newcomer's message stay out of the audit log and
the admin lists; the demo builds the pool and pairings once."""

import io

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.urls import reverse

from lms.accounts.models import User
from lms.mentoring import services
from lms.mentoring.models import (
    Fit,
    FitAnswer,
    MentorChangeRequest,
    MentorPairing,
    MentorProfile,
)
from lms.plans.models import IntroductionPlan
from tests.factories import UserFactory

from .factories import PairingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(newcomer, mentor):
    pairing = PairingFactory(newcomer=newcomer, mentor=mentor)
    answer = services.fit_answer(pairing=pairing, by=newcomer, answer=Fit.NOT_GOOD)
    request = services.change_request_create(pairing=pairing, by=newcomer, message="Hemligt skäl")
    return answer, request


def test_the_audit_log_records_that_not_what(answered):
    answer, request = answered
    entries = LogEntry.objects.filter(object_pk__in=[str(answer.pk), str(request.pk)])
    assert entries.filter(content_type__model="fitanswer").exists()
    assert entries.filter(content_type__model="mentorchangerequest").exists()
    for entry in entries:
        text = str(entry.changes)
        assert "not_good" not in text and "Hemligt skäl" not in text


def test_staff_with_view_access_see_neither_answers_nor_messages(client, answered):
    answer, request = answered
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="mentoring", codename__startswith="view_"
        )
    )
    client.force_login(staff)
    for model, obj in (("fitanswer", answer), ("mentorchangerequest", request)):
        listing = client.get(reverse(f"admin:mentoring_{model}_changelist")).content.decode()
        detail = client.get(
            reverse(f"admin:mentoring_{model}_change", args=[obj.pk])
        ).content.decode()
        for html in (listing, detail):
            assert "Nej, det passar inte" not in html and "Hemligt skäl" not in html
    assert client.get(reverse("admin:mentoring_mentorpairing_changelist")).status_code == 200


def test_an_administrator_may_read_them_in_the_admin(client, answered, admin_user):
    _answer, request = answered
    client.force_login(admin_user)
    detail = client.get(reverse("admin:mentoring_mentorchangerequest_change", args=[request.pk]))
    assert "Hemligt skäl" in detail.content.decode()


def _snapshot():
    return (
        sorted(MentorProfile.objects.values_list("user__email", "capacity", "is_active")),
        sorted(
            MentorPairing.objects.values_list(
                "newcomer__email", "mentor__email", "starts_on", "ended_on"
            )
        ),
        FitAnswer.objects.count(),
        sorted(MentorChangeRequest.objects.values_list("newcomer__email", "status")),
        sorted(IntroductionPlan.objects.values_list("newcomer__email", "mentor__email")),
    )


def test_the_demo_pairs_the_plans_and_is_idempotent(demo_city):
    first = _snapshot()
    call_command("load_demo", force=True, stdout=io.StringIO())
    assert _snapshot() == first
    amira = IntroductionPlan.objects.get(newcomer__email="nyanstalld@demo.test")
    assert amira.mentor.email == "mentor@demo.test"
    johan = IntroductionPlan.objects.get(newcomer__email="nyanstalld2@demo.test")
    assert johan.mentor is None
    # Every active plan's mentor is the running pairing's mentor.
    for plan in IntroductionPlan.objects.filter(status="active").exclude(pk=johan.pk):
        running = MentorPairing.objects.get(newcomer=plan.newcomer, ended_on=None)
        assert plan.mentor_id == running.mentor_id
    assert MentorPairing.objects.filter(end_reason="new_mentor").count() == 1
    assert MentorChangeRequest.objects.filter(status="open").count() == 1
    chef = User.objects.get(email="chef@demo.test")
    assert johan.unit_id in chef.managed_unit_ids
