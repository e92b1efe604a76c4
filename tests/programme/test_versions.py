"""Next year's programme: a copy that leaves last year's completions and sessions alone."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from lms.organisation.models import Area
from lms.programme import services
from lms.programme.models import Module, ModuleCompletion, Programme

from .conftest import days_from

pytestmark = pytest.mark.django_db
URL = reverse("programme:programme_versions")


@pytest.fixture
def curriculum(programme, part1, module):
    later = Module.objects.create(
        part=part1, title="Utredning enligt BBIC", slug="bbic", length_days=2, position=2
    )
    later.prerequisites.add(module)
    area = Area.objects.first() or Area.objects.create(name="Barn och unga", code="bou")
    later.areas.add(area)
    later.newcomer_kinds = ["graduate"]
    later.save()
    return later


def test_a_new_version_copies_parts_modules_target_groups_and_prerequisites(
    programme, curriculum, coordinator, module
):
    copy = services.programme_new_version(
        programme=programme, by=coordinator, valid_from=datetime.date(2027, 1, 1)
    )
    assert (copy.version, copy.is_current) == (2, False)
    new_later = Module.objects.get(part__programme=copy, slug="bbic")
    new_first = Module.objects.get(part__programme=copy, slug=module.slug)
    assert list(new_later.prerequisites.all()) == [new_first]
    assert list(new_later.areas.all()) == list(curriculum.areas.all())
    assert new_later.newcomer_kinds == ["graduate"]
    assert new_later.part.deadline_months == 4
    # The old version is untouched.
    assert list(curriculum.prerequisites.all()) == [module]


def test_completions_and_sessions_stay_with_the_old_modules(
    programme, curriculum, coordinator, newcomer, module, make_session
):
    session = make_session()
    ModuleCompletion.objects.create(
        person=newcomer, module=module, completed_on=datetime.date(2026, 5, 1)
    )
    copy = services.programme_new_version(
        programme=programme, by=coordinator, valid_from=datetime.date(2027, 1, 1)
    )
    services.programme_make_current(programme=copy, by=coordinator)
    programme.refresh_from_db()
    assert not programme.is_current and Programme.objects.get(is_current=True) == copy
    assert ModuleCompletion.objects.get().module == module
    session.refresh_from_db()
    assert session.module == module


def test_bad_dates_and_other_roles_are_refused(programme, curriculum, coordinator, manager):
    with pytest.raises(ValidationError, match="senare datum"):
        services.programme_new_version(
            programme=programme, by=coordinator, valid_from=programme.valid_from
        )
    with pytest.raises(PermissionDenied):
        services.programme_new_version(
            programme=programme, by=manager, valid_from=datetime.date(2027, 1, 1)
        )
    assert Programme.objects.count() == 1


def test_an_empty_version_cannot_be_put_in_force(coordinator, programme):
    empty = Programme.objects.create(
        name=programme.name, version=9, valid_from=datetime.date(2028, 1, 1)
    )
    with pytest.raises(ValidationError, match="inga moduler"):
        services.programme_make_current(programme=empty, by=coordinator)


def test_the_course_page_offers_the_sessions_of_the_version_in_force(
    client, programme, curriculum, coordinator, newcomer
):
    copy = services.programme_new_version(
        programme=programme, by=coordinator, valid_from=datetime.date(2027, 1, 1)
    )
    new_module = Module.objects.get(part__programme=copy, slug="bbic")
    first = datetime.date.today() + datetime.timedelta(days=40)
    services.session_create(
        by=coordinator, module=new_module, days=days_from(first, 1), capacity=5, publish=True
    )
    client.force_login(newcomer)
    assert "Utredning enligt BBIC" not in client.get(reverse("programme:courses")).content.decode()
    client.force_login(coordinator)
    client.post(reverse("programme:programme_make_current", args=[copy.pk]))
    client.force_login(newcomer)
    assert "Utredning enligt BBIC" in client.get(reverse("programme:courses")).content.decode()


def test_the_versions_page_creates_a_copy_and_shows_errors_in_swedish(
    client, programme, curriculum, coordinator
):
    client.force_login(coordinator)
    page = client.get(URL).content.decode()
    assert "Ny version som kopia av version 1" in page
    response = client.post(URL, {"valid_from": "2025-01-01"})
    assert "Den nya versionen måste gälla från ett senare datum" in response.content.decode()
    response = client.post(URL, {"valid_from": "2027-01-01"}, follow=True)
    assert "Version 2 är skapad" in response.content.decode()
    assert Programme.objects.filter(version=2, is_current=False).exists()


@pytest.mark.parametrize("who", ["newcomer", "manager"])
def test_others_cannot_see_or_switch_versions(client, request, programme, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(URL).status_code == 403
    switch = reverse("programme:programme_make_current", args=[programme.pk])
    assert client.post(switch).status_code == 403


# -- prerequisites and target groups: advice when booking ---------------------------------


def test_booking_warns_of_missing_prerequisites_and_another_target_group(
    client, curriculum, coordinator, manager, newcomer, module
):
    first = datetime.date.today() + datetime.timedelta(days=40)
    session = services.session_create(
        by=coordinator, module=curriculum, days=days_from(first, 1), capacity=5, publish=True
    )
    warnings = services.fit_warnings(person=newcomer, session=session)
    assert any(module.title in w and "förkunskapen" in w for w in warnings)
    assert any("riktar sig till" in w for w in warnings)
    client.force_login(manager)
    response = client.post(
        reverse("programme:enrolment_nominate", args=[session.pk]),
        {"person": newcomer.pk},
        follow=True,
    )
    shown = [str(m) for m in response.context["messages"]]
    assert any("förkunskapen" in m for m in shown)
    assert session.enrolments.filter(person=newcomer).exists()  # advice, not a refusal
    page = client.get(reverse("programme:session_detail", args=[session.pk])).content.decode()
    assert "Förkunskaper" in page and module.title in page


def test_a_prerequisite_done_in_last_years_version_counts(
    programme, curriculum, coordinator, newcomer, module
):
    ModuleCompletion.objects.create(
        person=newcomer, module=module, completed_on=datetime.date(2026, 5, 1)
    )
    newcomer.newcomer_kind = "graduate"
    newcomer.save()
    curriculum.areas.clear()
    copy = services.programme_new_version(
        programme=programme, by=coordinator, valid_from=datetime.date(2027, 1, 1)
    )
    new_module = Module.objects.get(part__programme=copy, slug="bbic")
    first = datetime.date.today() + datetime.timedelta(days=40)
    session = services.session_create(
        by=coordinator, module=new_module, days=days_from(first, 1), capacity=5, publish=True
    )
    assert services.fit_warnings(person=newcomer, session=session) == []
