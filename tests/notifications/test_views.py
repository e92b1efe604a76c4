"""The pages: my notices (and the header's count), my e-mail choices, the one-click
unsubscribe and the notification log, with their refusals and bad input."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lms.notifications import services
from lms.notifications.kinds import Candidate
from lms.notifications.models import EmailChoice, EmailStatus, Notification, Preference
from tests.factories import UserFactory
from tests.markup import assert_whole_second_times

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime.datetime(2026, 3, 2, 8, 0))


def notice(user, n=1, kind="item_overdue", url="/plans/", **params):
    services.record(
        [
            Candidate(
                key=f"{kind}:{n}:{user.pk}",
                kind=kind,
                recipient_id=user.pk,
                params={"title": f"Punkt {n}", "due": "2026-03-01", "module": "Samtal", **params},
                url=url,
            )
        ],
        now=NOW + datetime.timedelta(minutes=n),
    )
    return Notification.objects.get(key=f"{kind}:{n}:{user.pk}")


# -- my notices -------------------------------------------------------------------------


def test_the_list_needs_a_login(client):
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_header_shows_the_unread_count_and_the_list_only_my_notices(client, newcomer):
    other = UserFactory()
    for n in range(3):
        notice(newcomer, n)
    notice(other, 9)
    client.force_login(newcomer)
    page = client.get(reverse("notifications:list")).content.decode()
    assert '<span class="badge">3<span class="visually-hidden"> olästa</span>' in page
    assert page.count('class="notice unread"') == 3
    assert "Försenad: Punkt 2" in page and "Punkt 9" not in page
    assert "2026-03-02 08:02" in page  # local time, ISO date


def test_the_list_gives_each_notice_a_valid_machine_time(client, newcomer):
    services.record(
        [
            Candidate(
                key="item_overdue:1",
                kind="item_overdue",
                recipient_id=newcomer.pk,
                params={"title": "Punkt 1", "due": "2026-03-01"},
                url="/plans/",
            )
        ],
        now=NOW.replace(microsecond=654321),
    )
    client.force_login(newcomer)
    page = client.get(reverse("notifications:list")).content.decode()
    assert assert_whole_second_times(page) == ["2026-03-02T08:00:00+01:00"]


@pytest.mark.parametrize("count", [2, 30])
def test_the_list_costs_the_same_queries_however_many_notices(
    client, newcomer, count, django_assert_num_queries
):
    for n in range(count):
        notice(newcomer, n)
    client.force_login(newcomer)
    client.get(reverse("notifications:list"))
    # session, user, count and one page of notices
    with django_assert_num_queries(5):  # + 1: the version counters, read once per request
        assert client.get(reverse("notifications:list")).status_code == 200


def test_opening_a_notice_marks_it_read_and_goes_to_its_page(client, newcomer):
    mine = notice(newcomer, 1, url="/plans/7/#item-3")
    notice(newcomer, 2)
    client.force_login(newcomer)
    response = client.post(reverse("notifications:open", args=[mine.pk]))
    assert response.status_code == 302 and response["Location"] == "/plans/7/#item-3"
    mine.refresh_from_db()
    newcomer.refresh_from_db()
    assert mine.read_at is not None and newcomer.unread_notifications == 1


def test_opening_needs_a_post_and_my_own_notice(client, newcomer):
    theirs = notice(UserFactory(), 1)
    mine = notice(newcomer, 2)
    client.force_login(newcomer)
    assert client.get(reverse("notifications:open", args=[mine.pk])).status_code == 405
    assert client.post(reverse("notifications:open", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("notifications:open", args=[999999])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_a_notice_never_sends_anyone_to_another_site(client, newcomer):
    odd = notice(newcomer, 1, url="https://evil.example/")
    client.force_login(newcomer)
    response = client.post(reverse("notifications:open", args=[odd.pk]))
    assert response["Location"] == reverse("notifications:list")


def test_mark_all_read(client, newcomer):
    for n in range(3):
        notice(newcomer, n)
    client.force_login(newcomer)
    response = client.post(reverse("notifications:mark_all_read"), follow=True)
    assert "Alla notiser är markerade som lästa." in response.content.decode()
    newcomer.refresh_from_db()
    assert newcomer.unread_notifications == 0
    assert 'class="badge"' not in response.content.decode()


def test_a_bad_page_number_shows_the_first_or_last_page(client, newcomer):
    notice(newcomer, 1)
    client.force_login(newcomer)
    for value in ("abc", "-1", "99999999999", "500"):
        assert client.get(reverse("notifications:list"), {"page": value}).status_code == 200


# -- choices ----------------------------------------------------------------------------


def test_preferences_show_every_kind_and_lock_the_mandatory_ones(client, newcomer):
    client.force_login(newcomer)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert "<legend>Punkt i planen försenad</legend>" in page
    assert "<legend>Kontosäkerhet</legend>" in page and "Skickas alltid med e-post." in page
    assert 'name="account_security"' not in page
    assert 'value="daily"' in page


def test_saving_choices_and_the_audit_log(client, newcomer):
    from auditlog.models import LogEntry

    client.force_login(newcomer)
    form = client.get(reverse("notifications:preferences")).context["form"]
    data = {name: field.initial for name, field in form.fields.items()}
    data["mentor_nudge"] = EmailChoice.OFF
    data["item_overdue"] = EmailChoice.DAILY
    response = client.post(reverse("notifications:preferences"), data, follow=True)
    assert "Dina val är sparade." in response.content.decode()
    assert dict(Preference.objects.filter(user=newcomer).values_list("kind", "email")) == {
        "mentor_nudge": "off",
        "item_overdue": "daily",
    }
    assert LogEntry.objects.get_for_model(Preference).count() == 2


def test_a_made_up_choice_is_refused_in_swedish(client, newcomer):
    client.force_login(newcomer)
    response = client.post(reverse("notifications:preferences"), {"item_overdue": "sometimes"})
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.content.decode()
    assert not Preference.objects.exists()


# -- unsubscribe ------------------------------------------------------------------------


def test_one_click_unsubscribe_needs_no_login_and_no_csrf_token(client, newcomer):
    from django.test import Client

    token = services.unsubscribe_token(newcomer.pk, "item_overdue")
    url = reverse("notifications:unsubscribe", args=[token])
    page = client.get(url).content.decode()
    assert "Vill du sluta få ”Punkt i planen försenad” med e-post?" in page
    assert not Preference.objects.exists()  # a GET (a link scanner) changes nothing
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and "Du får inte längre" in response.content.decode()
    assert Preference.objects.get(user=newcomer).email == EmailChoice.OFF
    later = notice(newcomer, 5)
    assert later.email_status == EmailStatus.NOT_WANTED


@pytest.mark.parametrize("kind", ["account_security", "no_such_kind"])
def test_unsubscribe_refuses_locked_kinds_and_tampered_links(client, newcomer, kind):
    for token in (services.unsubscribe_token(newcomer.pk, kind), "rubbish", "a:b:c"):
        response = client.post(reverse("notifications:unsubscribe", args=[token]))
        assert response.status_code == 400
        assert "Länken fungerar inte" in response.content.decode()
    good = services.unsubscribe_token(newcomer.pk, "item_overdue")
    assert (
        client.get(reverse("notifications:unsubscribe", args=[good[:-2] + "xx"])).status_code == 400
    )
    assert not Preference.objects.exists()


# -- the log ----------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["newcomer", "manager", "mentor", "supervisor", "hr"])
def test_the_log_is_refused_to_everyone_but_coordinators_and_admins(client, who, request):
    person = request.getfixturevalue(who)
    client.force_login(person)
    assert client.get(reverse("notifications:log")).status_code == 403
    assert "Notislogg" not in client.get(reverse("notifications:list")).content.decode()


def test_coordinators_see_the_programmes_messages_only(client, coordinator, newcomer):
    notice(newcomer, 1, kind="booking", change="admitted")
    notice(newcomer, 2, kind="item_overdue")
    client.force_login(coordinator)
    page = client.get(reverse("notifications:log")).content.decode()
    assert "Du har fått plats: Samtal" in page
    assert "Punkt 2" not in page
    assert 'value="item_overdue"' not in page  # not even offered as a filter
    assert "Notislogg" in page


def test_admins_see_everything_with_status_and_reason(client, admin_user, newcomer):
    failed = notice(newcomer, 1)
    Notification.objects.filter(pk=failed.pk).update(
        email_status=EmailStatus.FAILED,
        reason="E-postservern tog inte emot adressen.",
        created_at=timezone.now(),
    )
    notice(newcomer, 2, kind="booking", change="admitted")
    client.force_login(admin_user)
    page = client.get(reverse("notifications:log")).content.decode()
    assert "Försenad: Punkt 1" in page and "Du har fått plats" in page
    assert "E-postservern tog inte emot adressen." in page
    assert "1 meddelande har misslyckats de senaste sju dagarna." in page
    only_failed = client.get(reverse("notifications:log"), {"status": "failed"}).content.decode()
    assert "Punkt 1" in only_failed and "Du har fått plats" not in only_failed
    by_name = client.get(reverse("notifications:log"), {"who": newcomer.first_name.upper()})
    assert "Punkt 1" in by_name.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"since": "2026-13-45"}, "Skriv datumet som ÅÅÅÅ-MM-DD."),
        ({"since": "2026-03-05", "until": "2026-03-01"}, "Slutdatumet kan inte vara före"),
        ({"kind": "nonsense"}, "Välj ett giltigt alternativ"),
    ],
)
def test_bad_log_filters_say_what_is_wrong(client, admin_user, params, message):
    client.force_login(admin_user)
    response = client.get(reverse("notifications:log"), params)
    assert response.status_code == 200 and message in response.content.decode()


@pytest.mark.parametrize("count", [2, 30])
def test_the_log_costs_the_same_queries_however_many_rows(
    client, admin_user, count, django_assert_num_queries
):
    people = UserFactory.create_batch(3)
    for n in range(count):
        notice(people[n % 3], n)
    client.force_login(admin_user)
    client.get(reverse("notifications:log"))
    # session, user, count of rows, one page with recipients, failures of the week
    with django_assert_num_queries(6):  # + 1: the version counters, read once per request
        assert client.get(reverse("notifications:log")).status_code == 200
