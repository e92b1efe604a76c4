"""The demo's certificate: a newcomer of chef@demo.test's units has part 1 done and a
certificate with the documented code, and loading twice changes nothing."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from lms.accounts.models import User
from lms.certificates import selectors
from lms.certificates.demo import DEMO_CODE
from lms.certificates.models import Certificate, Scope

pytestmark = pytest.mark.django_db


def _load() -> str:
    out = io.StringIO()
    call_command("load_demo", force=True, stdout=out)
    return out.getvalue()


def test_the_demo_has_a_part_1_certificate_the_manager_sees_and_anyone_checks(client, demo_city):
    output = demo_city
    certificate = Certificate.objects.select_related("person").get(code=DEMO_CODE)
    assert certificate.scope == Scope.PART_1 and certificate.revoked_at is None
    assert "/intyg/DEMA-2345-KXRT/" in output
    person = certificate.person
    assert selectors.progress(person=person).get(Scope.PART_1).complete
    chef = User.objects.get(email="chef@demo.test")
    assert person.unit_id in chef.managed_unit_ids
    html = client.get("/intyg/dema 2345 kxrt/").content.decode()
    assert "Intyget är giltigt" in html and certificate.snapshot["name"] in html
    client.force_login(chef)
    assert (
        reverse("certificates:pdf", args=[certificate.pk])
        in client.get(reverse("certificates:list")).content.decode()
    )


def test_loading_the_demo_twice_leaves_the_same_certificates(demo_city):
    first = list(Certificate.objects.values_list("person_id", "scope", "code", "snapshot"))
    _load()
    assert list(Certificate.objects.values_list("person_id", "scope", "code", "snapshot")) == first
