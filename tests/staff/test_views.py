import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lms.accounts.models import User
from lms.staff.parsing import MAX_BYTES
from tests.factories import MunicipalityFactory

from .helpers import csv_bytes, row

pytestmark = pytest.mark.django_db
START = reverse("staff:import_start")


@pytest.fixture(autouse=True)
def municipality(db):
    return MunicipalityFactory()


def upload(client, data: bytes, *, full=False, name="export.csv"):
    payload = {"file": SimpleUploadedFile(name, data)}
    if full:
        payload["full"] = "on"
    return client.post(START, payload)


@pytest.mark.parametrize("who", ["hr", "admin_user"])
def test_hr_and_administrators_may_import(client, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(START).status_code == 200


@pytest.mark.parametrize("who", ["manager", "newcomer"])
def test_others_are_refused(client, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(START).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(START)
    assert response.status_code == 302 and "login" in response.url


def test_the_people_list_links_to_the_import_for_hr(client, hr, manager):
    client.force_login(hr)
    assert START in client.get(reverse("accounts:person_list")).content.decode()
    client.force_login(manager)
    assert START not in client.get(reverse("accounts:person_list")).content.decode()


def test_upload_preview_and_commit(client, hr):
    client.force_login(hr)
    response = upload(client, csv_bytes([row(1001), row(1002)], sep=";", encoding="cp1252"))
    assert response.status_code == 302
    preview = client.get(response.url)
    assert preview.status_code == 200
    assert preview.context["preview"].counts["new"] == 2
    commit_url = reverse("staff:import_commit", args=[preview.context["token"]])
    assert commit_url in preview.content.decode()
    done = client.post(commit_url)
    assert done.status_code == 302 and done.url == reverse("accounts:person_list")
    assert User.objects.filter(employee_number__in=["1001", "1002"]).count() == 2
    assert client.get(response.url).status_code == 404  # the file is gone after the commit


def test_the_preview_page_costs_the_same_queries_for_a_bigger_file(
    client, hr, django_assert_num_queries
):
    client.force_login(hr)
    small = upload(client, csv_bytes([row(n) for n in range(1, 3)])).url
    with django_assert_num_queries(10):  # session, user, roles, the known data (7)
        client.get(small)
    big = upload(client, csv_bytes([row(n) for n in range(1, 60)])).url
    with django_assert_num_queries(10):
        client.get(big)


def test_an_error_row_shows_its_message_and_offers_no_commit(client, hr):
    client.force_login(hr)
    url = upload(client, csv_bytes([row(1001, email="fel")])).url
    page = client.get(url).content.decode()
    assert "fel är ingen giltig e-postadress" in page and "rad 2" in page
    assert "Genomför importen" not in page


def test_committing_a_file_with_errors_changes_nothing(client, hr):
    client.force_login(hr)
    url = upload(client, csv_bytes([row(1001), row(1002, email="fel")])).url
    token = url.rstrip("/").rsplit("/", 1)[1]
    response = client.post(reverse("staff:import_commit", args=[token]), follow=True)
    assert "1 rad har fel" in response.content.decode()
    assert not User.objects.filter(employee_number="1001").exists()


def test_a_file_that_is_no_export_gets_a_message_not_a_500(client, hr):
    client.force_login(hr)
    url = upload(client, b"hello;world\n1;2\n").url
    response = client.get(url)
    assert response.status_code == 400
    assert "Filen saknar kolumnerna" in response.content.decode()


def test_a_too_big_upload_is_refused_on_the_form(client, hr):
    client.force_login(hr)
    response = upload(client, b"x" * (MAX_BYTES + 1))
    assert response.status_code == 200 and "för stor" in response.content.decode()


def test_someone_elses_token_is_not_found(client, hr, admin_user):
    client.force_login(hr)
    url = upload(client, csv_bytes([row(1001)])).url
    token = url.rstrip("/").rsplit("/", 1)[1]
    client.force_login(admin_user)
    assert client.get(url).status_code == 404
    assert client.post(reverse("staff:import_commit", args=[token])).status_code == 404
    assert not User.objects.filter(employee_number="1001").exists()


def test_the_commit_needs_a_csrf_token(hr):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(hr)
    page = client.get(START)
    csrf = page.context["csrf_token"]
    response = client.post(
        START,
        {"file": SimpleUploadedFile("e.csv", csv_bytes([row(1001)])), "csrfmiddlewaretoken": csrf},
    )
    token = response.url.rstrip("/").rsplit("/", 1)[1]
    commit = reverse("staff:import_commit", args=[token])
    assert client.post(commit).status_code == 403
    assert not User.objects.filter(employee_number="1001").exists()
    assert client.post(commit, {"csrfmiddlewaretoken": csrf}).status_code == 302
    assert User.objects.filter(employee_number="1001").exists()


def test_the_commit_is_post_only(client, hr):
    client.force_login(hr)
    url = upload(client, csv_bytes([row(1001)])).url
    token = url.rstrip("/").rsplit("/", 1)[1]
    assert client.get(reverse("staff:import_commit", args=[token])).status_code == 405


DEMO_EXPORT = reverse("staff:demo_export")


@pytest.fixture
def demo_export_file(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    path = tmp_path / "demo" / "personalexport.csv"
    path.parent.mkdir()
    path.write_bytes("Anställningsnummer;E-post\r\n".encode("cp1252"))
    return path


def test_the_demo_offers_its_own_export_to_try_the_import_with(client, hr, demo_export_file):
    client.force_login(hr)
    assert DEMO_EXPORT in client.get(START).content.decode()
    response = client.get(DEMO_EXPORT)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="personalexport.csv"'
    assert response["Content-Type"] == "text/csv; charset=windows-1252"
    assert response.content == demo_export_file.read_bytes()


def test_only_those_who_may_import_get_the_demo_export(client, manager, demo_export_file):
    client.force_login(manager)
    assert client.get(DEMO_EXPORT).status_code == 403


def test_outside_a_demo_there_is_no_export_and_no_link(client, hr, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(hr)
    assert DEMO_EXPORT not in client.get(START).content.decode()
    assert client.get(DEMO_EXPORT).status_code == 404
