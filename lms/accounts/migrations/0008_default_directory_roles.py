"""The default values of the roles claim: the product's own role names, so a
municipality that names its Entra ID app roles after them needs no mapping of its own."""

from django.db import migrations

DEFAULTS = ("newcomer", "mentor", "supervisor", "manager", "coordinator")


def add_defaults(apps, schema_editor):
    DirectoryRole = apps.get_model("accounts", "DirectoryRole")
    for value in DEFAULTS:
        DirectoryRole.objects.get_or_create(value=value, defaults={"role": value})


def remove_defaults(apps, schema_editor):
    apps.get_model("accounts", "DirectoryRole").objects.filter(
        value__in=DEFAULTS, role__in=DEFAULTS
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0007_staff_keys_and_role_sources")]

    operations = [migrations.RunPython(add_defaults, remove_defaults)]
