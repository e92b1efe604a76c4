import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from lms.accounts import services
from lms.accounts.cache import bump_people_version
from lms.accounts.models import NewcomerKind, Role, User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def register(by, unit, **extra):
    data = {
        "by": by,
        "email": "Ny.Kollega@Example.test",
        "first_name": "Ny",
        "last_name": "Kollega",
        "unit": unit,
        "start_date": datetime.date(2026, 12, 1),
        "newcomer_kind": NewcomerKind.GRADUATE,
        "roles": {Role.NEWCOMER},
        "send_invitation": False,
    }
    data.update(extra)
    return services.person_register(**data)


# -- services -----------------------------------------------------------------


def test_manager_registers_a_newcomer_in_own_unit(manager, unit):
    person = register(manager, unit)
    assert person.email == "ny.kollega@example.test"
    assert person.unit == unit
    assert person.roles == {Role.NEWCOMER}
    assert not person.has_usable_password()


def test_manager_cannot_register_into_another_unit(manager, other_unit):
    with pytest.raises(PermissionDenied):
        register(manager, other_unit)


def test_manager_cannot_hand_out_senior_roles(manager, unit):
    with pytest.raises(PermissionDenied):
        register(manager, unit, roles={Role.COORDINATOR})


def test_hr_registers_anywhere_and_may_name_a_manager(hr, other_unit):
    person = register(hr, other_unit, roles={Role.MANAGER}, newcomer_kind="")
    assert person.managed_unit_ids == {other_unit.pk}


def test_newcomer_cannot_register_anyone(newcomer, unit):
    with pytest.raises(PermissionDenied):
        register(newcomer, unit)


def test_a_taken_email_is_refused_in_swedish(manager, unit, newcomer):
    with pytest.raises(ValidationError) as error:
        register(manager, unit, email="NY@example.test")
    assert "Det finns redan ett konto med den e-postadressen." in str(error.value)


def test_registering_sends_an_invitation_in_the_persons_language(
    manager, unit, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        person = register(manager, unit, send_invitation=True)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [person.email]
    assert "Välkommen till Introduktion" in message.subject
    assert "/accounts/password/reset/key/" in message.body
    person.refresh_from_db()
    assert person.invited_at is not None


def test_invitation_link_sets_the_password_verifies_the_email_and_is_single_use(
    client, manager, unit, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        person = register(manager, unit, send_invitation=True)
    path = re.search(r"(/accounts/password/reset/key/\S+)", mail.outbox[0].body).group(1)
    response = client.get(path, follow=True)
    form_url = response.redirect_chain[-1][0]
    assert "Välj lösenord" in response.content.decode()
    client.post(
        form_url, {"password1": "Ett-langt-losenord-7", "password2": "Ett-langt-losenord-7"}
    )
    person.refresh_from_db()
    assert person.check_password("Ett-langt-losenord-7")
    assert person.emailaddress_set.get().verified
    assert "Länken gäller inte längre" in client.get(path, follow=True).content.decode()


def test_english_speakers_get_their_invitation_in_english(
    manager, unit, django_capture_on_commit_callbacks
):
    person = register(manager, unit)
    person.preferred_language = "en"
    person.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.person_invite(person=person, by=manager)
    assert "Welcome" in mail.outbox[0].subject


def test_an_inactive_account_cannot_be_invited(manager, unit):
    person = register(manager, unit)
    person.is_active = False
    person.save()
    with pytest.raises(ValidationError):
        services.person_invite(person=person, by=manager)


def test_update_refuses_an_end_date_before_the_start(manager, newcomer, unit):
    with pytest.raises(ValidationError) as error:
        services.person_update(
            person=newcomer,
            by=manager,
            first_name="A",
            last_name="B",
            title="",
            unit=unit,
            start_date=datetime.date(2026, 5, 1),
            end_date=datetime.date(2026, 4, 1),
            newcomer_kind="",
            roles={Role.NEWCOMER},
        )
    assert "Slutdatumet kan inte vara före startdatumet." in str(error.value)


def test_update_keeps_roles_the_editor_may_not_grant(hr, manager, unit, other_unit):
    """HR's coordinator role on a person survives a manager's edit of that person."""
    person = UserFactory(unit=unit, roles=[Role.NEWCOMER, Role.COORDINATOR])
    services.person_update(
        person=person,
        by=manager,
        first_name="A",
        last_name="B",
        title="",
        unit=unit,
        start_date=None,
        end_date=None,
        newcomer_kind="",
        roles={Role.MENTOR},
    )
    person.forget_roles()
    assert person.roles == {Role.MENTOR, Role.COORDINATOR}


def test_a_manager_cannot_move_a_person_into_a_foreign_unit(manager, newcomer, other_unit):
    with pytest.raises(PermissionDenied):
        services.person_update(
            person=newcomer,
            by=manager,
            first_name="A",
            last_name="B",
            title="",
            unit=other_unit,
            start_date=None,
            end_date=None,
            newcomer_kind="",
            roles={Role.NEWCOMER},
        )


def test_profile_update_refuses_a_future_profession_date(newcomer):
    with pytest.raises(ValidationError):
        services.profile_update(
            user=newcomer,
            first_name="A",
            last_name="B",
            preferred_language="sv",
            gender="",
            in_profession_since=datetime.date(2999, 1, 1),
        )


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        (
            {"start_date": datetime.date(1900, 1, 1)},
            "start_date",
            "Ange ett datum mellan 1950-01-01",
        ),
        (
            {"start_date": datetime.date(9999, 1, 1)},
            "start_date",
            "Ange ett datum mellan 1950-01-01",
        ),
        (
            {"email": "a" * 250 + "@example.test"},
            "email",
            "E-postadressen får vara högst 254 tecken.",
        ),
    ],
)
def test_register_refuses_dates_outside_the_window_and_overlong_addresses(
    manager, unit, extra, field, message
):
    count = User.objects.count()
    with pytest.raises(ValidationError) as error:
        register(manager, unit, **extra)
    assert error.value.message_dict[field][0].startswith(message)
    assert User.objects.count() == count


def test_profile_update_refuses_a_profession_date_before_1950(newcomer):
    with pytest.raises(ValidationError) as error:
        services.profile_update(
            user=newcomer,
            first_name="A",
            last_name="B",
            preferred_language="sv",
            gender="",
            in_profession_since=datetime.date(1949, 12, 31),
        )
    assert error.value.message_dict["in_profession_since"][0].startswith(
        "Ange ett datum mellan 1950-01-01 och "
    )


# -- views --------------------------------------------------------------------


def test_people_list_shows_a_manager_only_own_units(
    client, manager, newcomer, other_newcomer, django_assert_num_queries
):
    other_newcomer.last_name = "Utanförsson"  # a name the last assertion looks for
    other_newcomer.save()
    client.force_login(manager)
    client.get(reverse("accounts:person_list"))  # warm the role-policy cache
    bump_people_version()
    # session, user, roles, count, one page of people; the version counters (once per request)
    with django_assert_num_queries(6):
        response = client.get(reverse("accounts:person_list"))
    # session, user, versions: the table is cached until people change
    with django_assert_num_queries(3):
        client.get(reverse("accounts:person_list"))
    listed = response.context["table"]["ids"]
    assert newcomer.pk in listed and manager.pk in listed
    assert other_newcomer.pk not in listed
    assert other_newcomer.last_name not in response.content.decode()


def test_people_list_query_count_does_not_grow_with_people(
    client, hr, unit, django_assert_num_queries
):
    UserFactory.create_batch(25, unit=unit)
    client.force_login(hr)
    client.get(reverse("accounts:person_list"))
    bump_people_version()
    with django_assert_num_queries(6):  # + 1: the version counters, read once per request
        response = client.get(reverse("accounts:person_list"))
    assert response.context["table"]["count"] == 26


def test_people_list_pages_by_fifty_and_searches(client, hr, unit):
    UserFactory.create_batch(55, unit=unit, last_name="Andersson")
    UserFactory(unit=unit, first_name="Zelda", last_name="Öberg")
    client.force_login(hr)
    response = client.get(reverse("accounts:person_list"))
    assert len(response.context["table"]["ids"]) == 50
    page2 = client.get(reverse("accounts:person_list") + "?page=2")
    assert len(page2.context["table"]["ids"]) == 7
    response = client.get(reverse("accounts:person_list"), {"q": "öberg"})
    assert "Zelda" in response.content.decode()
    assert len(response.context["table"]["ids"]) == 1
    response = client.get(reverse("accounts:person_list"), {"q": "finns-inte", "page": "x"})
    assert "Ingen träff på" in response.content.decode()


def test_people_list_shows_a_new_person_at_once_despite_the_cache(client, manager, unit):
    client.force_login(manager)
    client.get(reverse("accounts:person_list"))
    person = UserFactory(unit=unit, first_name="Helt", last_name="Nyanställd")
    assert person.pk in client.get(reverse("accounts:person_list")).context["table"]["ids"]


def test_people_list_cache_is_per_viewer_scope(client, manager, hr, other_newcomer):
    client.force_login(hr)
    assert other_newcomer.pk in client.get(reverse("accounts:person_list")).context["table"]["ids"]
    client.force_login(manager)
    assert (
        other_newcomer.pk not in client.get(reverse("accounts:person_list")).context["table"]["ids"]
    )


def test_people_search_never_widens_a_managers_view(client, manager, other_newcomer):
    client.force_login(manager)
    response = client.get(reverse("accounts:person_list"), {"q": other_newcomer.last_name})
    assert other_newcomer.pk not in response.context["table"]["ids"]


@pytest.mark.parametrize("who", ["newcomer", "mentor", "supervisor", "coordinator"])
def test_people_list_is_refused_to_roles_without_staff_duties(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("accounts:person_list")).status_code == 403


def test_a_guessed_person_url_outside_own_units_is_404(client, manager, other_newcomer):
    client.force_login(manager)
    url = reverse("accounts:person_detail", args=[other_newcomer.pk])
    assert client.get(url).status_code == 404
    assert (
        client.get(reverse("accounts:person_update", args=[other_newcomer.pk])).status_code == 404
    )
    assert (
        client.post(reverse("accounts:person_invite", args=[other_newcomer.pk])).status_code == 404
    )


def test_a_newcomer_opens_own_page_but_cannot_edit(client, newcomer, mentor):
    client.force_login(newcomer)
    assert client.get(reverse("accounts:person_detail", args=[newcomer.pk])).status_code == 200
    assert client.get(reverse("accounts:person_detail", args=[mentor.pk])).status_code == 404
    assert client.get(reverse("accounts:person_update", args=[newcomer.pk])).status_code == 403


def test_register_form_creates_the_person(
    client, manager, unit, django_capture_on_commit_callbacks
):
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:person_create"),
            {
                "first_name": "Lina",
                "last_name": "Ström",
                "email": "lina.strom@example.test",
                "title": "Socialsekreterare",
                "unit": unit.pk,
                "start_date": "2026-12-07",
                "newcomer_kind": NewcomerKind.GRADUATE,
                "send_invitation": "on",
            },
        )
    person = User.objects.get(email="lina.strom@example.test")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:person_detail", args=[person.pk])
    assert person.roles == {Role.NEWCOMER}  # a newcomer kind implies the role
    assert len(mail.outbox) == 1


def test_register_form_shows_swedish_errors_and_saves_nothing(client, manager):
    client.force_login(manager)
    count = User.objects.count()
    response = client.post(
        reverse("accounts:person_create"),
        {"first_name": "", "last_name": "", "email": "inte-en-adress", "start_date": "2026-13-45"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Det här fältet är obligatoriskt" in html
    assert "Fyll i en giltig e-postadress." in html
    assert "Fyll i ett giltigt datum." in html
    assert 'aria-invalid="true"' in html
    assert User.objects.count() == count


def test_register_form_offers_only_own_units_to_a_manager(client, manager, unit, other_unit):
    client.force_login(manager)
    units = list(
        client.get(reverse("accounts:person_create")).context["form"].fields["unit"].queryset
    )
    assert units == [unit]


def test_edit_form_saves_changes(client, manager, newcomer, unit):
    client.force_login(manager)
    response = client.post(
        reverse("accounts:person_update", args=[newcomer.pk]),
        {
            "first_name": "Nytt",
            "last_name": "Namn",
            "title": "Socialsekreterare",
            "unit": unit.pk,
            "start_date": "2026-10-05",
            "end_date": "",
            "newcomer_kind": NewcomerKind.RETURNING,
            "roles": [Role.NEWCOMER],
        },
    )
    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert (newcomer.first_name, newcomer.newcomer_kind) == ("Nytt", NewcomerKind.RETURNING)


def test_invite_button_queues_a_new_invitation(
    client, manager, newcomer, django_capture_on_commit_callbacks
):
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:person_invite", args=[newcomer.pk]))
    assert response.status_code == 302
    assert mail.outbox[0].to == [newcomer.email]


def test_invite_needs_post(client, manager, newcomer):
    client.force_login(manager)
    assert client.get(reverse("accounts:person_invite", args=[newcomer.pk])).status_code == 405


# -- profile ------------------------------------------------------------------


def test_profile_page_saves_own_details(client, newcomer):
    client.force_login(newcomer)
    response = client.post(
        reverse("accounts:profile"),
        {
            "first_name": "Amira",
            "last_name": "Hassan",
            "preferred_language": "en",
            "gender": "woman",
            "in_profession_since": "2020-08-15",
        },
    )
    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.preferred_language == "en"
    assert newcomer.competence_level == "advanced" or newcomer.competence_level == "proficient"


def test_profile_cannot_change_unit_or_start_date(client, newcomer, other_unit):
    client.force_login(newcomer)
    client.post(
        reverse("accounts:profile"),
        {
            "first_name": "A",
            "last_name": "B",
            "preferred_language": "sv",
            "unit": other_unit.pk,
            "start_date": "2020-01-01",
        },
    )
    newcomer.refresh_from_db()
    assert newcomer.unit_id != other_unit.pk
    assert newcomer.start_date is None


def test_profile_shows_an_error_for_a_bad_date(client, newcomer):
    client.force_login(newcomer)
    response = client.post(
        reverse("accounts:profile"),
        {
            "first_name": "A",
            "last_name": "B",
            "preferred_language": "sv",
            "in_profession_since": "igår",
        },
    )
    assert response.status_code == 200
    assert "Fyll i ett giltigt datum." in response.content.decode()


def test_profile_form_shows_fresh_values_after_a_change_despite_the_cache(client, newcomer):
    client.force_login(newcomer)
    client.get(reverse("accounts:profile"))
    client.post(
        reverse("accounts:profile"),
        {"first_name": "Ny", "last_name": "Förnamnsdag", "preferred_language": "sv", "gender": ""},
    )
    assert 'value="Förnamnsdag"' in client.get(reverse("accounts:profile")).content.decode()
