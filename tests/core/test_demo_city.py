"""The tests' demo city (tests/demo_city.py) is what `load_demo` builds, fresh for each test."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from wagtail.images.models import Image

from lms.accounts.models import User
from tests.demo_city import _tables
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for table in _tables():
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def test_the_city_is_what_load_demo_builds(demo_city):
    put_back = _counts()
    assert put_back["accounts_user"] > 40 and put_back["wagtailcore_page"] > 20
    # load_demo on an existing city changes nothing (tests/core/test_load_demo.py), so
    # the copy must already hold every row it would build.
    call_command("load_demo", force=True, stdout=io.StringIO())
    again = _counts()
    # Its changes are logged again, though.
    assert again.pop("auditlog_logentry") > put_back.pop("auditlog_logentry")
    assert again == put_back


def test_the_city_s_pictures_are_in_the_test_s_media_root(demo_city, settings):
    image = Image.objects.first()
    assert image is not None
    assert (Path(settings.MEDIA_ROOT) / image.file.name).is_file()


def test_each_put_back_undoes_the_last_test_s_changes(demo_city, demo_cities, settings):
    User.objects.filter(email="nyanstalld@demo.test").update(first_name="Ändrad")
    User.objects.filter(email="mentor@demo.test").update(email="borta@example.test")
    demo_cities.put_back(Path(settings.MEDIA_ROOT))
    assert User.objects.get(email="nyanstalld@demo.test").first_name != "Ändrad"
    assert User.objects.filter(email="mentor@demo.test").exists()


def test_new_rows_after_a_put_back_get_free_ids(demo_city):
    highest = User.objects.order_by("-pk").values_list("pk", flat=True).first()
    assert UserFactory().pk > highest
