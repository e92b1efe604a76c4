"""The weekly 1:1 expectation is set per municipality in the Django admin."""

import pytest

from tests.factories import MunicipalityFactory

#: The closed-days inline's management form, with no rows.
NO_CLOSED_DAYS = {"closed_days-TOTAL_FORMS": "0", "closed_days-INITIAL_FORMS": "0"}

pytestmark = pytest.mark.django_db


def test_the_expectation_is_edited_with_its_help_texts(client, admin_user):
    municipality = MunicipalityFactory()
    client.force_login(admin_user)
    url = f"/django-admin/organisation/municipality/{municipality.pk}/change/"
    html = client.get(url).content.decode()
    assert 'name="one_to_one_every_weeks"' in html and 'name="one_to_one_months"' in html
    assert "1 betyder en 1:1 med handledaren varje vecka." in html
    assert "Därefter ges handledning vid behov." in html
    response = client.post(
        url,
        {
            "name": municipality.name,
            "slug": municipality.slug,
            "one_to_one_every_weeks": 2,
            "one_to_one_months": 6,
            **NO_CLOSED_DAYS,
        },
    )
    assert response.status_code == 302
    municipality.refresh_from_db()
    assert (municipality.one_to_one_every_weeks, municipality.one_to_one_months) == (2, 6)


def test_out_of_range_values_are_refused(client, admin_user):
    municipality = MunicipalityFactory()
    client.force_login(admin_user)
    url = f"/django-admin/organisation/municipality/{municipality.pk}/change/"
    response = client.post(
        url,
        {
            "name": municipality.name,
            "slug": municipality.slug,
            "one_to_one_every_weeks": 0,
            "one_to_one_months": 30,
            **NO_CLOSED_DAYS,
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "större än eller lika med 1" in html and "mindre än eller lika med 24" in html
