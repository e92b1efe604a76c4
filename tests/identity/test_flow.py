"""Sign-in with the municipality's account against a real OpenID Connect provider."""

import pytest
from django.urls import reverse

from lms.accounts.models import Role, RoleAssignment, RoleSource
from tests.factories import PASSWORD, UserFactory

from .conftest import sign_in, signed_in_user_id

pytestmark = pytest.mark.django_db


def claims(**extra):
    return {
        "oid": "oid-anna",
        "email": "anna.mentor@kommun.test",
        "given_name": "Anna",
        "family_name": "Berg",
        "roles": ["mentor"],
        "amr": ["pwd", "mfa"],
        **extra,
    }


def test_a_mentor_in_the_directory_signs_in_without_a_password_and_lands_on_the_mentors_page(
    client, provider
):
    response = sign_in(client, provider, "sub-anna", claims())
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("core:start")
    assert "Mina adepter" in response.content.decode()
    person = response.context["user"]
    assert person.email == "anna.mentor@kommun.test"
    assert (person.first_name, person.last_name) == ("Anna", "Berg")
    assert person.directory_id == "oid-anna"
    assert not person.has_usable_password()
    assert person.roles == {Role.MENTOR}


def test_the_directory_takes_its_role_away_at_the_next_sign_in_but_a_hand_given_one_stays(
    client, provider
):
    sign_in(client, provider, "sub-anna", claims())
    person = RoleAssignment.objects.get(role=Role.MENTOR).user
    RoleAssignment.objects.create(user=person, role=Role.COORDINATOR, source=RoleSource.PERSON)
    client.post(reverse("account_logout"))

    sign_in(client, provider, "sub-anna", claims(roles=["newcomer"]))
    held = set(RoleAssignment.objects.filter(user=person).values_list("role", "source"))
    assert held == {(Role.NEWCOMER, RoleSource.DIRECTORY), (Role.COORDINATOR, RoleSource.PERSON)}


def test_a_mentor_role_given_by_hand_survives_the_directory_removing_its_own(client, provider):
    sign_in(client, provider, "sub-anna", claims())
    person = RoleAssignment.objects.get(role=Role.MENTOR).user
    RoleAssignment.objects.create(user=person, role=Role.MENTOR, source=RoleSource.PERSON)
    client.post(reverse("account_logout"))
    sign_in(client, provider, "sub-anna", claims(roles=[]))
    person.forget_roles()
    assert list(person.role_assignments.values_list("role", "source")) == [
        (Role.MENTOR, RoleSource.PERSON)
    ]


def test_roles_beyond_the_sources_limits_are_not_given(client, provider):
    sign_in(client, provider, "sub-anna", claims(roles=["admin", "hr", "mentor"]))
    person = RoleAssignment.objects.get().user
    assert person.roles == {Role.MENTOR}


def test_a_sign_in_is_audited_with_the_providers_authentication_methods(client, provider):
    from auditlog.models import LogEntry

    sign_in(client, provider, "sub-anna", claims(acr="possiblyphishingresistant"))
    entry = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).get()
    assert entry.additional_data["amr"] == ["pwd", "mfa"]
    assert entry.additional_data["acr"] == "possiblyphishingresistant"
    assert client.session["identity_authentication"]["amr"] == ["pwd", "mfa"]


def test_a_new_person_from_the_directory_waits_on_hrs_list_to_complete(client, provider, hr):
    sign_in(client, provider, "sub-anna", claims())
    client.post(reverse("account_logout"))
    hr.mfa_exempt = True
    client.force_login(hr)
    html = client.get(reverse("identity:people_to_complete")).content.decode()
    assert "Anna Berg" in html
    assert (
        reverse("identity:people_to_complete")
        in client.get(reverse("accounts:person_list")).content.decode()
    )


def test_only_hr_and_administrators_see_the_list_to_complete(client, mentor):
    client.force_login(mentor)
    assert client.get(reverse("identity:people_to_complete")).status_code == 403


def test_the_login_page_shows_the_button_above_the_password_form(client, provider):
    html = client.get(reverse("account_login")).content.decode()
    button = html.index("Logga in med kommunens konto")
    assert 'action="/accounts/oidc/kommun/login/"' in html
    assert button < html.index('name="password"')


def test_without_an_issuer_the_login_page_has_no_button(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {}
    html = client.get(reverse("account_login")).content.decode()
    assert "kommunens konto" not in html
    assert 'name="password"' in html


def test_a_person_with_a_password_and_two_factor_is_not_asked_for_ours_after_the_directory(
    client, provider
):
    from allauth.mfa.models import Authenticator

    person = UserFactory(email="anna.mentor@kommun.test", directory_id="oid-anna")
    Authenticator.objects.create(user=person, type=Authenticator.Type.TOTP, data={"secret": "x"})
    response = sign_in(client, provider, "sub-anna", claims(), follow=False)
    assert response.status_code == 302
    assert response["Location"] == reverse("core:start")
    assert signed_in_user_id(client) == str(person.pk)


def test_a_manager_signed_in_by_the_directory_is_not_sent_to_set_up_our_two_factor(
    client, provider, unit
):
    person = UserFactory(email="anna.mentor@kommun.test", directory_id="oid-anna", unit=unit)
    RoleAssignment.objects.create(user=person, role=Role.MANAGER, unit=unit)
    response = sign_in(client, provider, "sub-anna", claims(roles=["manager"]))
    assert response.redirect_chain[-1][0] == reverse("core:start")
    assert "Mina enheter" in response.content.decode()


def test_a_manager_signed_in_with_a_password_must_still_set_up_two_factor(client, unit):
    person = UserFactory(email="chef.p@kommun.test", unit=unit, roles=[(Role.MANAGER, unit)])
    client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})
    assert client.get(reverse("core:start"))["Location"] == reverse("mfa_activate_totp")
