import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from auditlog.models import LogEntry
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.urls import reverse

from lms.accounts.models import SITE_EDITORS, MfaExemption, Role, RolePolicy
from lms.core import versions
from tests.demo_logins import DEMO_LOGINS
from tests.factories import PASSWORD, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def _code(secret: str) -> str:
    # A code is good for its 30-second window only (allauth allows no drift by default):
    # on a loaded machine a code made in the window's last seconds reached the server in
    # the next one. Wait for a fresh window rather than race it.
    left = 30 - time.time() % 30
    if left < 5:
        time.sleep(left + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def _login(client, email):
    return client.post(reverse("account_login"), {"login": email, "password": PASSWORD})


def _open_activation(client) -> None:
    """allauth asks for the password again before two-factor can be turned on."""
    response = client.get(reverse("mfa_activate_totp"))
    if response.status_code == 302 and reverse("account_reauthenticate") in response["Location"]:
        client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
        response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200


def _activate_totp(client) -> str:
    _open_activation(client)
    secret = client.session[SECRET_SESSION_KEY]
    response = client.post(reverse("mfa_activate_totp"), {"code": _code(secret)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return secret


def test_a_user_turns_on_totp_and_gets_recovery_codes(client, newcomer):
    _login(client, "ny@example.test")
    _activate_totp(client)
    types = set(Authenticator.objects.filter(user=newcomer).values_list("type", flat=True))
    assert types == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}


def test_login_asks_for_the_code_once_totp_is_on(client, newcomer):
    _login(client, "ny@example.test")
    secret = _activate_totp(client)
    client.post(reverse("account_logout"))
    response = _login(client, "ny@example.test")
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    response = client.post(reverse("mfa_authenticate"), {"code": _code(secret)})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_a_wrong_code_is_refused(client, newcomer):
    _login(client, "ny@example.test")
    _open_activation(client)
    response = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert response.status_code == 200
    assert not Authenticator.objects.filter(user=newcomer).exists()


def _access_admin() -> Permission:
    return Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")


def _staff(kind: str):
    """A person of each kind the installation asks for two-factor, without exemption."""
    if kind == "admin":
        return UserFactory(email="admin2@example.test", is_staff=True, is_superuser=True)
    if kind == "hr":
        return UserFactory(email="hr2@example.test", roles=[Role.HR])
    if kind == "manager":
        unit = UnitFactory()
        return UserFactory(email="chef2@example.test", unit=unit, roles=[(Role.MANAGER, unit)])
    # Editing the site is Wagtail's permission to reach its admin, whatever the group.
    editor = UserFactory(email="redaktor2@example.test")
    group = Group.objects.create(name="Redigerar webbplatsen")
    group.permissions.add(_access_admin())
    editor.groups.add(group)
    return editor


@pytest.mark.parametrize("kind", ["admin", "hr", "manager", "editor"])
def test_a_fresh_installation_sends_staff_who_see_much_to_set_up_two_factor(client, kind):
    """No policy row is made here: the installation's own rows require it."""
    person = _staff(kind)
    _login(client, person.email)
    response = client.get(reverse("core:start"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    assert client.get(reverse("mfa_index")).status_code == 200  # setting it up stays open
    if kind in ("admin", "editor"):  # the admins too wait for two-factor
        admin_page = "/admin/" if kind == "editor" else "/django-admin/"
        assert client.get(admin_page)["Location"] == reverse("mfa_activate_totp")


def test_the_default_rows_are_in_the_admin_for_administrators_to_see():
    required = set(RolePolicy.objects.filter(require_mfa=True).values_list("role", flat=True))
    assert required == {Role.ADMIN, Role.HR, Role.MANAGER, SITE_EDITORS}


@pytest.mark.parametrize("role", [Role.NEWCOMER, Role.MENTOR, Role.SUPERVISOR, Role.COORDINATOR])
def test_people_in_other_roles_are_not_sent(client, unit, role):
    scoped = role == Role.SUPERVISOR
    person = UserFactory(unit=unit, roles=[(role, unit) if scoped else role])
    _login(client, person.email)
    assert client.get(reverse("core:start")).status_code == 200


def test_required_mfa_lets_the_person_in_once_it_is_on(client):
    person = _staff("hr")
    _login(client, person.email)
    _activate_totp(client)
    assert client.get(reverse("core:start")).status_code == 200


def test_a_session_made_without_the_login_form_is_asked_too(client):
    """No record of how the session signed in counts as a password: nothing slips by."""
    client.force_login(_staff("manager"))
    assert client.get(reverse("core:start"))["Location"] == reverse("mfa_activate_totp")


def test_an_exempted_person_is_not_sent(client):
    person = _staff("manager")
    MfaExemption.objects.create(user=person, reason="Prövar")
    _login(client, person.email)
    assert client.get(reverse("core:start")).status_code == 200


def test_removing_an_exemption_asks_for_two_factor_again(client):
    person = _staff("hr")
    exemption = MfaExemption.objects.create(user=person, reason="Prövar")
    _login(client, person.email)
    assert client.get(reverse("core:start")).status_code == 200
    exemption.delete()
    assert client.get(reverse("core:start"))["Location"] == reverse("mfa_activate_totp")


def test_an_administrator_can_turn_a_roles_requirement_off(client, admin_user):
    hr = _staff("hr")
    client.force_login(admin_user)
    policies = RolePolicy.objects.order_by("pk")
    form = {
        "form-TOTAL_FORMS": str(policies.count()),
        "form-INITIAL_FORMS": str(policies.count()),
        "_save": "Spara",
    }
    for index, policy in enumerate(policies):
        form[f"form-{index}-id"] = str(policy.pk)
        if policy.role != Role.HR and policy.require_mfa:
            form[f"form-{index}-require_mfa"] = "on"
    response = client.post(reverse("admin:accounts_rolepolicy_changelist"), form)
    assert response.status_code == 302
    assert not RolePolicy.objects.get(role=Role.HR).require_mfa
    assert RolePolicy.objects.get(role=Role.MANAGER).require_mfa
    client.force_login(hr)
    assert client.get(reverse("core:start")).status_code == 200


def test_a_changed_policy_is_a_bump_so_every_process_asks_at_once(client, newcomer):
    """Not a deleted cache entry, which reached only the process that saved the policy:
    the "mfa" version, which every process reads."""
    _login(client, newcomer.email)
    assert client.get(reverse("core:start")).status_code == 200
    before = versions.current("mfa")
    RolePolicy.objects.update_or_create(role=Role.NEWCOMER, defaults={"require_mfa": True})
    assert versions.current("mfa") > before
    assert client.get(reverse("core:start"))["Location"] == reverse("mfa_activate_totp")


def test_granting_editing_rights_asks_for_two_factor_at_once(client, newcomer):
    _login(client, newcomer.email)
    assert client.get(reverse("core:start")).status_code == 200
    newcomer.user_permissions.add(_access_admin())
    assert client.get(reverse("core:start"))["Location"] == reverse("mfa_activate_totp")


@pytest.mark.dates
def test_load_demo_exempts_its_own_logins_and_nobody_else(client, demo_city):
    exempted = set(MfaExemption.objects.values_list("user__email", flat=True))
    assert exempted == set(DEMO_LOGINS)
    assert set(RolePolicy.objects.filter(require_mfa=True).values_list("role", flat=True)) == {
        Role.ADMIN,
        Role.HR,
        Role.MANAGER,
        SITE_EDITORS,
    }
    # Staff given the demo's roles afterwards are still asked.
    real = UserFactory(email="personal@example.test", roles=[Role.HR])
    _login(client, real.email)
    assert client.get(reverse("core:start"))["Location"] == reverse("mfa_activate_totp")
    client.post(reverse("account_logout"))
    client.post(reverse("account_login"), {"login": "hr@demo.test", "password": "demo"})
    assert client.get(reverse("core:start")).status_code == 200


@pytest.mark.parametrize("path", ["/django-admin/login/", "/admin/login/"])
def test_admin_login_forms_go_through_allauth_so_two_factor_is_not_skipped(client, path):
    response = client.get(path + "?next=/django-admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    response = client.post(path, {"username": "admin@example.test", "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_superuser_with_totp_must_give_the_code_before_reaching_admin(client, admin_user):
    _login(client, "admin@example.test")
    _activate_totp(client)
    client.post(reverse("account_logout"))
    _login(client, "admin@example.test")
    assert client.get("/django-admin/").status_code == 302
    assert client.get("/admin/").status_code == 302


# -- the Django admin shows who has two-factor, never the secret --------------------------


@pytest.fixture
def device(newcomer):
    secret = generate_totp_secret()
    totp = TOTP.activate(newcomer, secret).instance
    codes = RecoveryCodes.activate(newcomer).instance
    return totp, secret, codes.data["seed"]


def test_the_admin_never_shows_a_totp_secret(client, admin_user, device, newcomer):
    totp, secret, seed = device
    client.force_login(admin_user)
    pages = [
        reverse("admin:mfa_authenticator_changelist"),
        reverse("admin:mfa_authenticator_change", args=[totp.pk]),
        reverse("admin:mfa_authenticator_delete", args=[totp.pk]),
        reverse("admin:mfa_authenticator_history", args=[totp.pk]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        for hidden in (secret, secret.lower(), seed, totp.data["secret"]):
            assert hidden not in html, url
    assert str(newcomer) in client.get(pages[0]).content.decode()  # who has it is shown
    searched = client.get(pages[0], {"q": secret})
    assert searched.context["cl"].result_count == 0  # nobody can find an account by it


def test_the_admin_cannot_add_or_change_an_authenticator(client, admin_user, device):
    totp, secret, _seed = device
    client.force_login(admin_user)
    assert client.get(reverse("admin:mfa_authenticator_add")).status_code == 403
    client.post(
        reverse("admin:mfa_authenticator_change", args=[totp.pk]),
        {"type": "totp", "data": '{"secret": "AAAA"}'},
    )
    totp.refresh_from_db()
    assert totp.data["secret"] == secret


def test_deleting_a_lost_device_in_the_admin_resets_two_factor_and_is_audited(
    client, admin_user, device, newcomer
):
    totp, secret, seed = device
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:mfa_authenticator_delete", args=[totp.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    # The recovery codes go with the last method, or they would still be asked for.
    assert not Authenticator.objects.filter(user=newcomer).exists()
    deleted = LogEntry.objects.filter(content_type__app_label="mfa", action=LogEntry.Action.DELETE)
    assert {entry.object_pk for entry in deleted} >= {str(totp.pk)}
    assert all(entry.actor == admin_user for entry in deleted)
    for entry in LogEntry.objects.filter(content_type__app_label="mfa"):
        assert "data" not in entry.changes_dict
        assert secret not in str(entry.changes) and seed not in str(entry.changes)


def test_exemptions_are_audited(client, admin_user, newcomer):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:accounts_mfaexemption_add"), {"user": newcomer.pk, "reason": "Prövar"}
    )
    assert response.status_code == 302
    exemption = MfaExemption.objects.get(user=newcomer)
    entry = LogEntry.objects.get_for_object(exemption).get(action=LogEntry.Action.CREATE)
    assert entry.actor == admin_user
    assert entry.changes_dict["reason"][1] == "Prövar"


@pytest.fixture
def admin_with_totp(db):
    """An administrator who has set up two-factor, as the installation asks."""
    person = UserFactory(email="admin3@example.test", is_staff=True, is_superuser=True)
    TOTP.activate(person, generate_totp_secret())
    return person


def test_nobody_exempts_themselves(client, admin_with_totp, newcomer):
    client.force_login(admin_with_totp)
    url = reverse("admin:accounts_mfaexemption_add")
    response = client.post(url, {"user": admin_with_totp.pk, "reason": "Slipper"})
    assert response.status_code == 200
    assert "Du kan inte undanta dig själv från tvåstegsverifiering." in response.content.decode()
    assert not MfaExemption.objects.exists()
    assert client.post(url, {"user": newcomer.pk, "reason": "Prövar"}).status_code == 302


def test_nobody_moves_an_exemption_to_themselves(client, admin_user, newcomer):
    theirs = MfaExemption.objects.create(user=newcomer, reason="Prövar")
    mine = MfaExemption.objects.get(user=admin_user)
    client.force_login(admin_user)
    url = reverse("admin:accounts_mfaexemption_change", args=[mine.pk])
    assert client.post(url, {"reason": "Ändrat"}).status_code == 403
    url = reverse("admin:accounts_mfaexemption_change", args=[theirs.pk])
    client.post(url, {"user": admin_user.pk, "reason": "Ändrat"})
    theirs.refresh_from_db()
    assert theirs.user == newcomer and theirs.reason == "Ändrat"  # the person stays


def test_the_list_of_people_marks_who_is_exempt(client, admin_user, newcomer):
    client.force_login(admin_user)
    response = client.get(reverse("admin:accounts_user_changelist"))
    rows = {person.pk: person for person in response.context["cl"].result_list}
    admin = response.context["cl"].model_admin
    assert admin.mfa_exempt(rows[admin_user.pk]) and not admin.mfa_exempt(rows[newcomer.pk])
