"""Issuing and revoking: refused until the scope is done, the same certificate when
asked again, a new one only after a revocation, and a snapshot that does not move."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lms.certificates import codes, selectors
from lms.certificates.models import Certificate, Scope
from lms.certificates.services import certificate_issue, certificate_revoke
from lms.programme.models import Module, ModuleCompletion, Programme

from .conftest import complete

pytestmark = pytest.mark.django_db


def test_an_incomplete_part_is_refused_with_what_is_left(newcomer, programme, manager):
    module = Module.objects.get(slug="politiskt-styrd")
    ModuleCompletion.objects.create(
        person=newcomer, module=module, completed_on=datetime.date(2027, 2, 1)
    )
    with pytest.raises(ValidationError) as error:
        certificate_issue(person=newcomer, scope=Scope.PART_1, by=manager)
    message = " ".join(error.value.messages)
    assert "Intyget kan inte skapas ännu" in message
    assert "Åsa Öberg har inte genomfört alla moduler i del 1" in message
    assert "Bemötande, samtal och relationer" in message
    assert "politiskt styrd" not in message
    assert not Certificate.objects.exists()


def test_the_whole_programme_needs_both_parts(newcomer, programme, manager):
    complete(newcomer, programme, part=1)
    with pytest.raises(ValidationError, match="hela programmet"):
        certificate_issue(person=newcomer, scope=Scope.PROGRAMME, by=manager)
    complete(newcomer, programme, part=2)
    certificate = certificate_issue(person=newcomer, scope=Scope.PROGRAMME, by=manager)
    assert [p["number"] for p in certificate.snapshot["parts"]] == [1, 2]


def test_a_complete_part_is_certified_with_a_snapshot(newcomer, programme, manager):
    complete(newcomer, programme, part=1)
    certificate = certificate_issue(person=newcomer, scope=Scope.PART_1, by=manager)
    assert certificate.person == newcomer and certificate.programme == programme
    assert certificate.issued_by == manager and certificate.revoked_at is None
    assert codes.normalise(certificate.code) == certificate.code
    assert certificate.snapshot == {
        "name": "Åsa Öberg",
        "municipality": "Älvstads kommun",
        "programme": "Introduktionsprogrammet",
        "programme_version": 1,
        "parts": [
            {
                "number": 1,
                "title": "Del 1: Grundläggande introduktion",
                "modules": [
                    {
                        "title": "Att arbeta i en politiskt styrd organisation",
                        "completed_on": "2027-03-09",
                    },
                    {"title": "Bemötande, samtal och relationer", "completed_on": "2027-03-09"},
                ],
            }
        ],
    }


def test_asking_again_returns_the_same_certificate(newcomer, programme, manager):
    complete(newcomer, programme, part=1)
    first = certificate_issue(person=newcomer, scope=Scope.PART_1, by=newcomer)
    again = certificate_issue(person=newcomer, scope=Scope.PART_1, by=manager)
    assert again.pk == first.pk and again.code == first.code
    assert again.issued_by == newcomer
    assert Certificate.objects.count() == 1


def test_each_scope_gets_its_own_certificate_and_code(newcomer, programme, manager):
    complete(newcomer, programme)
    made = {scope: certificate_issue(person=newcomer, scope=scope, by=manager) for scope in Scope}
    assert len({c.pk for c in made.values()}) == 3
    assert len({c.code for c in made.values()}) == 3


def test_the_snapshot_stays_when_names_and_modules_change(newcomer, programme, manager):
    complete(newcomer, programme, part=1)
    certificate = certificate_issue(person=newcomer, scope=Scope.PART_1, by=manager)
    newcomer.last_name = "Lind"
    newcomer.save()
    Module.objects.filter(slug="bemotande").update(title="Nytt namn")
    certificate.refresh_from_db()
    assert certificate.snapshot["name"] == "Åsa Öberg"
    titles = [m["title"] for m in certificate.snapshot["parts"][0]["modules"]]
    assert "Bemötande, samtal och relationer" in titles


def test_a_revoked_certificate_is_kept_and_a_new_one_can_be_issued(
    newcomer, programme, manager, coordinator
):
    complete(newcomer, programme, part=1)
    first = certificate_issue(person=newcomer, scope=Scope.PART_1, by=manager)
    revoked = certificate_revoke(certificate=first, by=coordinator)
    assert revoked.revoked_at is not None and revoked.revoked_by == coordinator
    when = revoked.revoked_at
    assert certificate_revoke(certificate=first, by=coordinator).revoked_at == when
    second = certificate_issue(person=newcomer, scope=Scope.PART_1, by=manager)
    assert second.pk != first.pk and second.code != first.code
    assert Certificate.objects.filter(person=newcomer).count() == 2


def test_only_coordinators_and_administrators_revoke(newcomer, programme, manager, admin_user):
    complete(newcomer, programme, part=1)
    certificate = certificate_issue(person=newcomer, scope=Scope.PART_1, by=manager)
    for who in (newcomer, manager):
        with pytest.raises(PermissionDenied):
            certificate_revoke(certificate=certificate, by=who)
    assert certificate_revoke(certificate=certificate, by=admin_user).revoked_at


@pytest.mark.parametrize("who", ["other_newcomer", "other_manager", "mentor", "supervisor", "hr"])
def test_others_may_not_issue(request, newcomer, programme, who):
    complete(newcomer, programme, part=1)
    with pytest.raises(PermissionDenied):
        certificate_issue(person=newcomer, scope=Scope.PART_1, by=request.getfixturevalue(who))


@pytest.mark.parametrize("who", ["newcomer", "manager", "coordinator", "admin_user"])
def test_the_person_their_manager_coordinators_and_administrators_issue(
    request, newcomer, programme, who
):
    complete(newcomer, programme, part=1)
    by = request.getfixturevalue(who)
    assert certificate_issue(person=newcomer, scope=Scope.PART_1, by=by).issued_by == by


def test_a_module_done_under_another_version_counts(newcomer, programme, manager, admin_user):
    """Matched by slug, as plans and prerequisites match them."""
    from lms.programme.services import programme_new_version

    complete(newcomer, programme, part=1)
    new = programme_new_version(
        programme=programme, by=admin_user, valid_from=datetime.date(2028, 1, 1)
    )
    Programme.objects.update(is_current=False)
    Programme.objects.filter(pk=new.pk).update(is_current=True)
    certificate = certificate_issue(person=newcomer, scope=Scope.PART_1, by=manager)
    assert certificate.programme_id == new.pk  # no plan: the programme in force


def test_the_programme_of_the_persons_plan_decides(newcomer, programme, manager, admin_user):
    """A plan made under version 1 keeps the person on version 1 after version 2 is in
    force, even if version 2 adds a module to part 1."""
    from lms.plans.models import IntroductionPlan, ItemKind, Phase, PlanItem, Responsible
    from lms.programme.services import programme_new_version

    plan = IntroductionPlan.objects.create(
        newcomer=newcomer, unit=newcomer.unit, start_date=newcomer.start_date
    )
    PlanItem.objects.create(
        plan=plan,
        phase=Phase.FIRST_FOUR_MONTHS,
        title="Bemötande",
        kind=ItemKind.MODULE,
        responsible=Responsible.MANAGER,
        module=Module.objects.get(slug="bemotande"),
        due_date=newcomer.start_date,
    )
    new = programme_new_version(
        programme=programme, by=admin_user, valid_from=datetime.date(2028, 1, 1)
    )
    Programme.objects.update(is_current=False)
    Programme.objects.filter(pk=new.pk).update(is_current=True)
    Module.objects.create(part=new.parts.get(number=1), title="Ny modul", slug="ny", length_days=1)
    complete(newcomer, programme, part=1)
    assert selectors.followed_programme(person=newcomer) == programme
    certificate = certificate_issue(person=newcomer, scope=Scope.PART_1, by=manager)
    assert certificate.programme == programme


def test_issuing_and_revoking_are_in_the_audit_log_without_the_snapshot(
    newcomer, programme, manager, coordinator
):
    from auditlog.models import LogEntry

    complete(newcomer, programme, part=1)
    certificate = certificate_issue(person=newcomer, scope=Scope.PART_1, by=manager)
    certificate_revoke(certificate=certificate, by=coordinator)
    entries = LogEntry.objects.get_for_object(certificate).order_by("timestamp", "pk")
    assert [e.action for e in entries] == [LogEntry.Action.CREATE, LogEntry.Action.UPDATE]
    assert "revoked_at" in entries[1].changes_dict
    assert all("snapshot" not in e.changes_dict for e in entries)
