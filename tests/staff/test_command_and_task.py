import datetime

import pytest
from django.core.management import CommandError, call_command

from lms.accounts.models import User
from lms.staff.services import staff_leavers_deactivate
from tests.factories import MunicipalityFactory, UserFactory

from .helpers import csv_bytes, row

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def municipality(db):
    return MunicipalityFactory()


def export(tmp_path, rows, name="export.csv"):
    path = tmp_path / name
    path.write_bytes(csv_bytes(rows, sep=";", encoding="cp1252"))
    return str(path)


def run(*args):
    import io

    out = io.StringIO()
    code = 0
    try:
        call_command("import_people", *args, stdout=out)
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue()


def test_the_preview_prints_counts_and_exits_0_when_clean(tmp_path):
    code, out = run(export(tmp_path, [row(1001, first="Åsa")]))
    assert code == 0
    assert "Nya: 1" in out and "rad 2: Åsa Ek (1001)" in out
    assert not User.objects.filter(employee_number="1001").exists()


def test_the_preview_exits_1_and_prints_the_errors(tmp_path):
    code, out = run(export(tmp_path, [row(1001), row(1002, end_date="2020-13-01")]))
    assert code == 1
    assert "Fel: 1" in out and "rad 3" in out and "ÅÅÅÅ-MM-DD" in out


def test_commit_applies_and_a_second_run_changes_nothing(tmp_path):
    path = export(tmp_path, [row(1001), row(1002, last="Lind")])
    code, out = run(path, "--commit")
    assert code == 0 and "Genomfört" in out
    assert User.objects.filter(employee_number__in=["1001", "1002"]).count() == 2
    code, out = run(path)
    assert "Oförändrade: 2" in out and "Nya: 0" in out


def test_commit_with_full_flags_the_absent(tmp_path):
    run(export(tmp_path, [row(1001), row(1002)]), "--commit")
    run(export(tmp_path, [row(1001)], name="b.csv"), "--commit", "--full")
    assert User.objects.get(employee_number="1002").missing_from_export_since is not None


def test_a_file_that_cannot_be_read_is_a_command_error(tmp_path):
    path = tmp_path / "noise.csv"
    path.write_bytes(b"\x00\x01\x02" * 100)
    with pytest.raises(CommandError, match="varken en CSV-fil"):
        call_command("import_people", str(path))
    with pytest.raises(CommandError, match="finns inte"):
        call_command("import_people", str(tmp_path / "none.csv"))


def test_commit_refuses_a_file_with_errors(tmp_path):
    with pytest.raises(CommandError, match="1 rad har fel"):
        call_command("import_people", export(tmp_path, [row(1001, email="x")]), "--commit")


def test_the_daily_task_closes_the_leavers_plan_and_keeps_it(newcomer, manager):
    from lms.plans.models import IntroductionPlan, Phase, PlanTemplate, TemplateItem
    from lms.plans.services.creation import plan_create

    newcomer.start_date = datetime.date.today() - datetime.timedelta(days=30)
    newcomer.save()
    template = PlanTemplate.objects.create(family="bou", name="Barn och unga")
    TemplateItem.objects.create(
        template=template, title="Dator klar", phase=Phase.FIRST_WEEK, due_offset_days=1
    )
    plan = plan_create(newcomer=newcomer, template=template, by=manager)
    User.objects.filter(pk=newcomer.pk).update(end_date=datetime.date.today())
    staff_leavers_deactivate()
    plan.refresh_from_db()
    assert plan.status == IntroductionPlan.Status.CLOSED
    assert plan.closed_reason.startswith("Anställningen avslutad")


def test_the_daily_task_is_scheduled():
    from django_q.models import Schedule

    assert Schedule.objects.filter(
        func="lms.staff.tasks.leavers_deactivate", schedule_type="D"
    ).exists()


def test_the_daily_task_closes_accounts_whose_end_date_has_come():
    today = datetime.date.today()
    leaver = UserFactory(end_date=today, start_date=today - datetime.timedelta(days=100))
    stays = UserFactory(end_date=today + datetime.timedelta(days=1))
    assert staff_leavers_deactivate() == 1
    leaver.refresh_from_db()
    stays.refresh_from_db()
    assert not leaver.is_active and stays.is_active
    assert staff_leavers_deactivate() == 0
