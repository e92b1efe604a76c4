import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from lms.accounts.models import Role

pytestmark = pytest.mark.django_db


def test_a_change_to_a_person_is_logged_with_who_made_it(client, manager, newcomer, unit):
    client.force_login(manager)
    client.post(
        reverse("accounts:person_update", args=[newcomer.pk]),
        {
            "first_name": "Ändrat",
            "last_name": newcomer.last_name,
            "title": "Socialsekreterare",
            "unit": unit.pk,
            "newcomer_kind": "",
            "roles": [Role.NEWCOMER],
        },
    )
    entry = LogEntry.objects.get_for_object(newcomer).filter(action=LogEntry.Action.UPDATE).latest()
    assert entry.actor == manager
    assert entry.changes_dict["first_name"][1] == "Ändrat"


def test_granting_a_role_is_logged(client, manager, newcomer, unit):
    client.force_login(manager)
    client.post(
        reverse("accounts:person_update", args=[newcomer.pk]),
        {
            "first_name": newcomer.first_name,
            "last_name": newcomer.last_name,
            "unit": unit.pk,
            "roles": [Role.NEWCOMER, Role.MENTOR],
        },
    )
    created = LogEntry.objects.filter(
        content_type__model="roleassignment", action=LogEntry.Action.CREATE
    ).latest()
    assert created.actor == manager
    assert created.changes_dict["role"][1] == "mentor"


def test_password_hashes_never_reach_the_audit_log(client, newcomer):
    newcomer.set_password("Ett-nytt-losenord-9")
    newcomer.save()
    for entry in LogEntry.objects.get_for_object(newcomer):
        assert "password" not in entry.changes_dict


def _change_title(client, manager, newcomer, unit, **headers):
    client.force_login(manager)
    client.post(
        reverse("accounts:person_update", args=[newcomer.pk]),
        {
            "first_name": newcomer.first_name,
            "last_name": newcomer.last_name,
            "title": "Ny titel",
            "unit": unit.pk,
            "roles": [Role.NEWCOMER],
        },
        REMOTE_ADDR="10.0.0.1",
        **headers,
    )
    return LogEntry.objects.get_for_object(newcomer).filter(action=LogEntry.Action.UPDATE).latest()


def test_the_log_records_the_client_the_trusted_proxy_saw(
    client, settings, manager, newcomer, unit
):
    # The client wrote the first entry itself; the proxy appended the address it saw.
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    entry = _change_title(
        client, manager, newcomer, unit, HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.7"
    )
    assert entry.remote_addr == "192.0.2.7"


def test_without_a_trusted_proxy_the_log_ignores_the_forwarded_header(
    client, settings, manager, newcomer, unit
):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    entry = _change_title(client, manager, newcomer, unit, HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert entry.remote_addr == "10.0.0.1"
