"""Two-factor is required of administrators, HR, unit managers and the site's editors.

Written as rows rather than as a default in code so that administrators see the rule in
the Django admin (Rollpolicyer) and can untick it. An existing row is set too: before
this release no row was needed for "not required", so a row saying so was written by the
demo (which now exempts its own logins instead) or repeats the old default.
"""

from django.db import migrations

ROLES = ("admin", "hr", "manager", "site_editors")


def require_two_factor(apps, schema_editor):
    role_policy = apps.get_model("accounts", "RolePolicy")
    for role in ROLES:
        role_policy.objects.update_or_create(role=role, defaults={"require_mfa": True})


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_mfa_exemption_and_site_editors_policy"),
    ]

    operations = [
        migrations.RunPython(require_two_factor, migrations.RunPython.noop),
    ]
