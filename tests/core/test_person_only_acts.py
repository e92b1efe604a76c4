"""One rule for administrators and person-only acts (lms.accounts.rules).

An administrator (a superuser) is refused every act only the person can do, whatever
page or service is asked, and reads no private note; the administrator still
administers, each such act in the audit log with the administrator as actor; and
Django's own model permissions keep Django's behaviour, so the Django admin works.
"""

import datetime
import decimal
import re

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from rules.permissions import permissions as rule_set

from lms.checkins import services as checkins
from lms.mentoring.models import FitAnswer, MentorChangeRequest, MentorPairing
from lms.plans.models import IntroductionPlan, ItemKind, Phase, PlanItem, Responsible
from lms.programme import services as programme
from lms.programme.models import Enrolment, Evaluation, Module, Part, Programme
from lms.supervision.models import SessionParticipant
from tests.factories import UserFactory
from tests.mentoring.factories import MentorProfileFactory, PairingFactory
from tests.supervision.factories import PlanFactory, SessionFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
NOTE = "Anteckningsmarkör-qv"


@pytest.fixture
def plan(newcomer, mentor, supervisor, unit):
    return PlanFactory(newcomer=newcomer, unit=unit, mentor=mentor, supervisor=supervisor)


def _item(plan, *, responsible=Responsible.NEWCOMER, **extra) -> PlanItem:
    return PlanItem.objects.create(
        plan=plan,
        phase=Phase.FIRST_MONTH,
        title="Läs riktlinjen",
        kind=ItemKind.TASK,
        responsible=responsible,
        due_date=timezone.localdate() + 7 * DAY,
        status=PlanItem.Status.OPEN,
        **extra,
    )


@pytest.fixture
def pairing(newcomer, mentor, plan):
    MentorProfileFactory(user=mentor)
    return PairingFactory(newcomer=newcomer, mentor=mentor, plan=plan)


@pytest.fixture
def module(db):
    programme_ = Programme.objects.create(
        name="Introduktionsprogrammet",
        version=1,
        valid_from=timezone.localdate() - 400 * DAY,
        is_current=True,
    )
    part = Part.objects.create(programme=programme_, number=1, title="Del 1", deadline_months=4)
    return Module.objects.create(
        part=part, title="Samtal", slug="samtal", length_days=decimal.Decimal("1")
    )


def _course(coordinator, module, *, in_days: int):
    first = timezone.localdate() + in_days * DAY
    return programme.session_create(
        by=coordinator,
        module=module,
        days=[programme.DayInput(first, datetime.time(9), datetime.time(16))],
        capacity=5,
        publish=True,
    )


@pytest.fixture
def attended(newcomer, manager, coordinator, module):
    """The newcomer's booking of a course held yesterday: open for their evaluation."""
    session = _course(coordinator, module, in_days=-1)
    return programme.enrolment_nominate(session=session, person=newcomer, by=manager)


@pytest.fixture
def session(supervisor, newcomer, plan):
    return SessionFactory(author=supervisor, newcomers=[newcomer], private_note=NOTE)


# -- the rule itself -------------------------------------------------------------------


def _model_permissions() -> set[str]:
    names = set()
    for model in apps.get_models():
        opts = model._meta
        names |= {
            f"{opts.app_label}.{action}_{opts.model_name}" for action in opts.default_permissions
        }
        names |= {f"{opts.app_label}.{codename}" for codename, _label in opts.permissions}
    return names


def test_no_rule_carries_the_name_of_a_django_model_permission():
    """User.has_perm asks a rule alone: a rule named like a model permission would take
    that permission from the Django admin (and Wagtail)."""
    clashes = set(rule_set) & _model_permissions()
    assert clashes == set()


def test_a_rule_is_answered_by_the_rule_alone_for_a_superuser(admin_user, newcomer, attended):
    assert not admin_user.has_perm("programme.evaluate", attended)
    assert not admin_user.has_perm("checkins.answer", PlanFactory(newcomer=newcomer))
    assert admin_user.has_perm("programme.manage_sessions")  # the rule names administrators


def test_an_inactive_person_has_no_permission_even_where_the_rule_would_say_yes(newcomer, attended):
    assert newcomer.has_perm("programme.evaluate", attended)
    newcomer.is_active = False
    assert not newcomer.has_perm("programme.evaluate", attended)


def test_a_superuser_keeps_djangos_model_permissions(admin_user, client):
    for perm in (
        "plans.change_introductionplan",
        "supervision.view_session",
        "supervision.change_session",
        "certificates.view_certificate",
        "auth.change_group",
        "wagtailadmin.access_admin",
    ):
        assert admin_user.has_perm(perm), perm
    client.force_login(admin_user)
    assert client.get("/django-admin/").status_code == 200
    for name in (
        "supervision_session",
        "certificates_certificate",
        "plans_introductionplan",
        "mentoring_fitanswer",
        "programme_enrolment",
        "accounts_user",
    ):
        assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200, name


def test_a_staff_member_without_the_superuser_flag_gets_only_the_model_permissions_given(
    unit,
):
    staff = UserFactory(is_staff=True, unit=unit)
    assert not staff.has_perm("supervision.view_session")
    assert not staff.has_perm("programme.manage_sessions")


# -- person-only acts, refused to an administrator in someone else's name ----------------


def test_an_administrator_cannot_evaluate_a_course_for_the_attendee(client, admin_user, attended):
    client.force_login(admin_user)
    url = reverse("programme:evaluation_create", args=[attended.pk])
    assert client.get(url).status_code in (403, 404)
    response = client.post(url, {"rating": "1", "comment": "Skrivet av någon annan"})
    assert response.status_code in (403, 404)
    assert not Evaluation.objects.exists()
    with pytest.raises(PermissionDenied):
        programme.evaluation_submit(enrolment=attended, by=admin_user, rating=1)
    assert not Evaluation.objects.exists()


def test_the_attendee_still_evaluates_their_own_course(client, newcomer, attended):
    client.force_login(newcomer)
    response = client.post(
        reverse("programme:evaluation_create", args=[attended.pk]), {"rating": "4"}
    )
    assert response.status_code == 302
    assert Evaluation.objects.get().rating == 4


@pytest.mark.parametrize("answer", ["good", "not_good"])
def test_an_administrator_cannot_answer_is_this_a_good_fit_for_either_party(
    client, admin_user, pairing, answer
):
    client.force_login(admin_user)
    url = reverse("mentoring:fit", args=[pairing.pk])
    assert client.get(url).status_code in (403, 404)
    response = client.post(url, {f"fit-{pairing.pk}-answer": answer})
    assert response.status_code in (403, 404)
    assert not FitAnswer.objects.exists()


def test_an_administrator_cannot_ask_for_a_new_mentor_for_the_newcomer(client, admin_user, pairing):
    client.force_login(admin_user)
    url = reverse("mentoring:change_request", args=[pairing.pk])
    assert client.get(url).status_code in (403, 404)
    response = client.post(url, {"message": "Skrivet av någon annan"})
    assert response.status_code in (403, 404)
    assert not MentorChangeRequest.objects.exists()


def test_the_newcomer_still_asks_for_a_new_mentor(client, newcomer, pairing):
    client.force_login(newcomer)
    response = client.post(
        reverse("mentoring:change_request", args=[pairing.pk]), {"message": "Vi passar inte"}
    )
    assert response.status_code == 302
    assert MentorChangeRequest.objects.get().newcomer == newcomer


def test_an_administrator_cannot_ask_for_sign_off_in_the_responsible_persons_name(
    client, admin_user, plan
):
    item = _item(plan, needs_signoff=True)
    client.force_login(admin_user)
    response = client.post(reverse("plans:item_action", args=[item.pk, "request-signoff"]))
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.status == PlanItem.Status.OPEN
    assert not plan.events.filter(kind="signoff_requested").exists()


def test_an_administrator_cannot_write_the_newcomers_reflection(client, admin_user, plan):
    item = _item(plan)
    client.force_login(admin_user)
    response = client.post(
        reverse("plans:item_action", args=[item.pk, "complete"]),
        {f"reflection-{item.pk}": "Skrivet av någon annan"},
    )
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.reflection == ""
    assert item.status == PlanItem.Status.OPEN


def test_an_administrator_still_ticks_an_item_without_a_reflection(client, admin_user, plan):
    item = _item(plan)
    client.force_login(admin_user)
    client.post(reverse("plans:item_action", args=[item.pk, "complete"]))
    item.refresh_from_db()
    assert item.status == PlanItem.Status.DONE and item.reflection == ""


def test_the_plan_page_offers_an_administrator_no_reflection_and_no_sign_off_request(
    client, admin_user, plan
):
    item = _item(plan, needs_signoff=True)
    client.force_login(admin_user)
    html = client.get(reverse("plans:plan_detail", args=[plan.pk])).content.decode()
    assert f"reflection-{item.pk}" not in html
    assert reverse("plans:item_action", args=[item.pk, "request-signoff"]) not in html


def test_an_administrator_cannot_answer_a_check_in_for_the_newcomer(admin_user, newcomer, unit):
    plan = PlanFactory(newcomer=newcomer, unit=unit, start_date=timezone.localdate() - 45 * DAY)
    with pytest.raises(PermissionDenied):
        checkins.checkin_answer(
            plan=plan,
            by=admin_user,
            point=1,
            ratings={"joy": 1, "manager": 1, "group": 1, "contribution": 1},
            texts={},
        )
    assert not plan.checkins.exists()


def test_an_administrator_cannot_write_a_reflection_on_someone_elses_session(
    client, admin_user, session
):
    client.force_login(admin_user)
    url = reverse("supervision:session_reflection", args=[session.pk])
    response = client.post(url, {"reflection": "Skrivet av någon annan"})
    assert response.status_code in (403, 404)
    assert not SessionParticipant.objects.exclude(reflection="").exists()


def test_an_administrator_cannot_change_someone_elses_session(client, admin_user, session):
    client.force_login(admin_user)
    url = reverse("supervision:session_edit", args=[session.pk])
    assert client.get(url).status_code in (403, 404)
    assert client.post(url, {"private_note": "Ändrat"}).status_code in (403, 404)
    session.refresh_from_db()
    assert session.private_note == NOTE


# -- private notes: the author alone ---------------------------------------------------------


def _pages_of(session) -> list[str]:
    return [
        reverse("supervision:session_list"),
        reverse("supervision:session_detail", args=[session.pk]),
        reverse("supervision:session_edit", args=[session.pk]),
    ]


@pytest.mark.parametrize("who", ["admin_user", "newcomer", "manager", "mentor", "hr"])
def test_a_private_note_is_read_by_nobody_but_its_author(client, request, session, who):
    client.force_login(request.getfixturevalue(who))
    for url in _pages_of(session):
        response = client.get(url)
        assert NOTE not in response.content.decode(), (who, url)
    admin_page = f"/django-admin/supervision/session/{session.pk}/change/"
    assert NOTE not in client.get(admin_page).content.decode()


def test_the_author_reads_their_private_note(client, supervisor, session):
    client.force_login(supervisor)
    html = client.get(reverse("supervision:session_detail", args=[session.pk])).content.decode()
    assert NOTE in html


def test_the_mentor_never_reads_the_newcomers_fit_answer_or_request(
    client, newcomer, mentor, pairing
):
    FitAnswer.objects.create(pairing=pairing, person=newcomer, answer="not_good")
    MentorChangeRequest.objects.create(
        pairing=pairing, newcomer=newcomer, message="Meddelandemarkör-qv"
    )
    client.force_login(mentor)
    for url in (reverse("mentoring:me"), reverse("mentoring:fit", args=[pairing.pk])):
        html = client.get(url).content.decode()
        assert "Meddelandemarkör-qv" not in html
        # The mentor's own form offers every answer; none is the newcomer's, checked.
        assert not re.search(r'value="not_good"[^>]*checked', html)


# -- administering: allowed, and in the audit log with the administrator as actor -------------


def _entries(model, pk, actor):
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_pk=str(pk), actor=actor
    )


def test_an_administrator_pairs_a_mentor_and_the_audit_log_names_them(
    client, admin_user, newcomer, mentor, plan
):
    MentorProfileFactory(user=mentor)
    client.force_login(admin_user)
    today = timezone.localdate()
    response = client.post(
        reverse("mentoring:newcomer", args=[newcomer.pk]),
        {
            "starts_on": today.isoformat(),
            "planned_ends_on": (today + 365 * DAY).isoformat(),
            "mentor": mentor.pk,
        },
    )
    assert response.status_code == 302
    pairing = MentorPairing.objects.get(newcomer=newcomer)
    assert _entries(MentorPairing, pairing.pk, admin_user).exists()


def test_an_administrator_closes_a_plan_and_the_audit_log_names_them(client, admin_user, plan):
    client.force_login(admin_user)
    response = client.post(
        reverse("plans:plan_close", args=[plan.pk]), {"reason": "Slutade under provanställningen"}
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == IntroductionPlan.Status.CLOSED
    assert _entries(IntroductionPlan, plan.pk, admin_user).exists()


def test_an_administrator_ticks_an_item_and_the_audit_log_names_them(client, admin_user, plan):
    item = _item(plan)
    item.reflection = "Reflektionsmarkör-qv"
    item.save()
    client.force_login(admin_user)
    client.post(reverse("plans:item_action", args=[item.pk, "complete"]))
    entry = _entries(PlanItem, item.pk, admin_user).get()
    assert "status" in entry.changes_dict
    # The newcomer's own words stay out of every entry.
    assert "Reflektionsmarkör-qv" not in str(list(LogEntry.objects.values_list("changes")))


def test_an_administrator_books_a_newcomer_and_the_audit_log_names_them(
    client, admin_user, coordinator, newcomer, module
):
    course = _course(coordinator, module, in_days=30)
    client.force_login(admin_user)
    response = client.post(
        reverse("programme:enrolment_nominate", args=[course.pk]), {"person": newcomer.pk}
    )
    assert response.status_code == 302
    enrolment = Enrolment.objects.get(person=newcomer)
    assert _entries(Enrolment, enrolment.pk, admin_user).exists()


def test_an_administrator_changes_a_session_of_the_programme_and_the_audit_log_names_them(
    client, admin_user, coordinator, module
):
    course = _course(coordinator, module, in_days=30)
    client.force_login(admin_user)
    response = client.post(
        reverse("programme:session_capacity", args=[course.pk]), {"capacity": "9"}
    )
    assert response.status_code == 302
    assert _entries(type(course), course.pk, admin_user).exists()


# -- start page and menus ---------------------------------------------------------------


def test_the_start_page_and_menu_offer_an_administrator_only_what_they_may_open(client, admin_user):
    client.force_login(admin_user)
    response = client.get(reverse("core:start"))
    assert response.status_code == 200
    html = response.content.decode()
    links = {
        part.split('"', 1)[0]
        for part in html.split('href="')[1:]
        if part.startswith("/") and not part.startswith(("/static/", "/media/"))
    }
    assert links
    for link in sorted(links):
        assert client.get(link).status_code == 200, link
