"""The Django admin speaks the interface's language, also for the libraries' apps."""

import pytest

pytestmark = pytest.mark.django_db

LIBRARY_NAMES = {
    "Audit log": "Ändringslogg",
    "Successful tasks": "Lyckade jobb",
    "Failed tasks": "Misslyckade jobb",
    "Scheduled tasks": "Schemalagda jobb",
    "Queued tasks": "Jobb i kö",
}


def _admin_index(client, user, language):
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])
    client.force_login(user)
    return client.get("/django-admin/").content.decode()


def test_the_swedish_admin_names_the_audit_log_and_the_background_jobs_in_swedish(
    client, admin_user
):
    html = _admin_index(client, admin_user, "sv")
    assert ">Bakgrundsjobb</a>" in html and ">Loggposter</a>" in html
    for english, swedish in LIBRARY_NAMES.items():
        assert f">{swedish}</a>" in html
        assert english not in html


def test_the_english_admin_keeps_the_libraries_english_names(client, admin_user):
    html = _admin_index(client, admin_user, "en")
    assert ">Background jobs</a>" in html
    for english, swedish in LIBRARY_NAMES.items():
        assert f">{english}</a>" in html
        assert swedish not in html
