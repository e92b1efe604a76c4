"""The pages: issuing from the person's page, downloading, the list, the plan page's
section, and who gets refused."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from lms.accounts.models import Role
from lms.certificates.models import Certificate, Scope
from lms.certificates.services import certificate_issue, certificate_revoke
from lms.plans.models import IntroductionPlan
from tests.factories import UserFactory

from .conftest import complete

pytestmark = pytest.mark.django_db


def _issue_url(person) -> str:
    return reverse("certificates:issue", args=[person.pk])


def _text(response) -> str:
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.fixture
def certificate(newcomer, programme, manager):
    complete(newcomer, programme, part=1)
    return certificate_issue(person=newcomer, scope=Scope.PART_1, by=manager)


# -- issuing ----------------------------------------------------------------------------


def test_the_newcomer_issues_their_own_certificate(client, newcomer, programme):
    complete(newcomer, programme, part=1)
    client.force_login(newcomer)
    response = client.post(_issue_url(newcomer), {"scope": "part1"}, follow=True)
    certificate = Certificate.objects.get()
    assert certificate.scope == Scope.PART_1 and certificate.issued_by == newcomer
    html = response.content.decode()
    assert "Intyget är klart" in html and certificate.display_code in html
    assert reverse("certificates:pdf", args=[certificate.pk]) in html


def test_an_incomplete_scope_is_refused_with_the_services_message(client, newcomer, programme):
    complete(newcomer, programme, part=1)
    client.force_login(newcomer)
    response = client.post(_issue_url(newcomer), {"scope": "programme"}, follow=True)
    assert not Certificate.objects.exists()
    assert "Intyget kan inte skapas ännu" in response.content.decode()


def test_issuing_twice_gives_one_certificate(client, newcomer, programme, manager):
    complete(newcomer, programme, part=1)
    client.force_login(manager)
    client.post(_issue_url(newcomer), {"scope": "part1"})
    client.post(_issue_url(newcomer), {"scope": "part1"})
    assert Certificate.objects.count() == 1


def test_issuing_needs_a_post(client, newcomer, programme):
    complete(newcomer, programme, part=1)
    client.force_login(newcomer)
    assert client.get(_issue_url(newcomer)).status_code == 405
    assert not Certificate.objects.exists()


@pytest.mark.parametrize("who", ["other_newcomer", "other_manager", "mentor", "hr"])
def test_others_cannot_issue_or_see_that_the_person_exists(
    client, request, newcomer, programme, who
):
    complete(newcomer, programme, part=1)
    client.force_login(request.getfixturevalue(who))
    assert client.post(_issue_url(newcomer), {"scope": "part1"}).status_code == 404
    assert client.get(reverse("certificates:person", args=[newcomer.pk])).status_code == 404
    assert not Certificate.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client, newcomer, certificate):
    for url in (
        reverse("certificates:person", args=[newcomer.pk]),
        reverse("certificates:pdf", args=[certificate.pk]),
        reverse("certificates:list"),
        reverse("certificates:mine"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    response = client.post(_issue_url(newcomer), {"scope": "part1"})
    assert response["Location"].startswith("/accounts/login/")


# -- the person's page --------------------------------------------------------------------


def test_the_page_shows_modules_dates_and_the_button_for_a_complete_part(
    client, newcomer, programme, django_assert_num_queries
):
    complete(newcomer, programme, part=1)
    client.force_login(newcomer)
    # Session, user, roles, the two-factor policies and whether the person edits the site
    # (which asks for two-factor too); the programme of the plan and the one in force
    # (there is no plan); parts, modules, completions, certificates.
    with django_assert_num_queries(12):  # + 1: the version counters, read once per request
        response = client.get(reverse("certificates:mine"))
    html = response.content.decode()
    assert "Mina intyg" in html
    assert "Att arbeta i en politiskt styrd organisation" in html and "2027-03-09" in html
    assert html.count("Skapa intyg") == 1  # part 1 only; part 2 and the whole are not done
    assert 'name="scope" value="part1"' in html
    assert "Intyget kan skapas när alla moduler är genomförda." in html


def test_an_issued_certificate_is_a_download_link_instead(client, newcomer, certificate):
    client.force_login(newcomer)
    html = client.get(reverse("certificates:mine")).content.decode()
    assert 'value="part1"' not in html
    assert reverse("certificates:pdf", args=[certificate.pk]) in html
    assert certificate.display_code in html
    assert "Återkalla intyget" not in html


def test_the_coordinator_opens_the_persons_page_and_may_revoke(
    client, newcomer, certificate, coordinator
):
    client.force_login(coordinator)
    html = client.get(reverse("certificates:person", args=[newcomer.pk])).content.decode()
    assert "Intyg för Åsa Öberg" in html and "Återkalla intyget" in html
    response = client.post(
        reverse("certificates:revoke", args=[certificate.pk]), {"reason": "Utfärdat av misstag."}
    )
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.revoked_by == coordinator


def test_a_manager_may_not_revoke(client, certificate, manager):
    client.force_login(manager)
    assert client.post(reverse("certificates:revoke", args=[certificate.pk])).status_code == 403
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


# -- the PDF -----------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["newcomer", "manager", "coordinator", "admin_user"])
def test_the_certificate_downloads_as_a_pdf(client, request, settings, certificate, who):
    settings.SITE_URL = "https://intro.example.se/"
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("certificates:pdf", args=[certificate.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    issued = timezone.localdate(certificate.issued_at).isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="intyg-del-1-oberg-{issued}.pdf"'
    )
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control
    text = _text(response)
    assert "Introduktionsprogrammet, del 1 genomförd" in text
    assert "Åsa Öberg" in text and "Älvstads kommun" in text
    assert "Bemötande, samtal och relationer 2027-03-09" in text
    assert certificate.display_code in text
    assert "https://intro.example.se/intyg/" in text
    assert f"https://intro.example.se/intyg/{certificate.display_code}/" in text


@pytest.mark.parametrize("who", ["other_newcomer", "other_manager", "mentor", "supervisor", "hr"])
def test_anyone_else_gets_404_for_the_pdf(client, request, certificate, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("certificates:pdf", args=[certificate.pk])).status_code == 404


def test_a_revoked_certificate_is_not_downloaded(client, certificate, newcomer, coordinator):
    certificate_revoke(certificate=certificate, by=coordinator)
    client.force_login(newcomer)
    response = client.get(reverse("certificates:pdf", args=[certificate.pk]))
    assert response.status_code == 302


# -- the list ----------------------------------------------------------------------------


def test_a_manager_lists_the_certificates_of_own_units_only(
    client, certificate, manager, other_newcomer, programme, admin_user, django_assert_num_queries
):
    complete(other_newcomer, programme, part=1)
    certificate_issue(person=other_newcomer, scope=Scope.PART_1, by=admin_user)
    for _n in range(3):  # more rows cost no more queries
        person = UserFactory(unit=certificate.person.unit, roles=[Role.NEWCOMER])
        complete(person, programme, part=1)
        certificate_issue(person=person, scope=Scope.PART_1, by=admin_user)
    client.force_login(manager)
    # Session, user, roles, the two-factor policies and the manager's exemption from
    # them; the certificates.
    with django_assert_num_queries(7):  # + 1: the version counters, read once per request
        response = client.get(reverse("certificates:list"))
    shown = response.context["certificates"]
    assert len(shown) == 4 and all(c.person.unit_id == manager.unit_id for c in shown)
    assert str(other_newcomer) not in response.content.decode()


def test_a_newcomer_lists_only_their_own(
    client, certificate, other_newcomer, programme, admin_user
):
    complete(other_newcomer, programme, part=1)
    certificate_issue(person=other_newcomer, scope=Scope.PART_1, by=admin_user)
    client.force_login(other_newcomer)
    shown = client.get(reverse("certificates:list")).context["certificates"]
    assert [c.person for c in shown] == [other_newcomer]


# -- the plan page -----------------------------------------------------------------------


@pytest.fixture
def plan(newcomer, mentor):
    return IntroductionPlan.objects.create(
        newcomer=newcomer, unit=newcomer.unit, start_date=newcomer.start_date, mentor=mentor
    )


def test_the_newcomers_plan_page_offers_the_certificate(client, plan, newcomer, programme):
    complete(newcomer, programme, part=1)
    client.force_login(newcomer)
    html = client.get(reverse("plans:plan_mine")).content.decode()
    assert "Introduktionsprogrammet och intyg" in html
    assert "2 av 2 moduler genomförda" in html and "0 av 1 moduler genomförda" in html
    assert html.count("Skapa intyg") == 1
    assert reverse("certificates:mine") in html


def test_the_manager_sees_the_download_on_the_plan_page(client, plan, certificate, manager):
    client.force_login(manager)
    html = client.get(reverse("plans:plan_detail", args=[plan.pk])).content.decode()
    assert reverse("certificates:pdf", args=[certificate.pk]) in html
    assert reverse("certificates:person", args=[plan.newcomer_id]) in html


def test_the_mentor_gets_no_certificate_section(client, plan, certificate, mentor):
    client.force_login(mentor)
    html = client.get(reverse("plans:plan_detail", args=[plan.pk])).content.decode()
    assert "Introduktionsprogrammet och intyg" not in html


def test_the_cached_section_shows_the_certificate_as_soon_as_it_is_issued(
    client, plan, newcomer, programme
):
    complete(newcomer, programme, part=1)
    client.force_login(newcomer)
    url = reverse("plans:plan_mine")
    assert "Skapa intyg" in client.get(url).content.decode()
    client.post(_issue_url(newcomer), {"scope": "part1"})
    certificate = Certificate.objects.get()
    html = client.get(url).content.decode()
    assert "Skapa intyg" not in html
    assert reverse("certificates:pdf", args=[certificate.pk]) in html
