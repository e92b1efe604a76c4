import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_course_page_offers_webcal_and_https_links_for_the_programme(client, newcomer):
    client.force_login(newcomer)
    html = client.get(reverse("programme:courses")).content.decode()
    assert 'href="webcal://127.0.0.1:8000/calendar/programme.ics"' in html
    assert 'value="http://127.0.0.1:8000/calendar/programme.ics"' in html
    assert "Lägg till kalender → Från Internet" in html
    assert reverse("accounts:profile") in html  # the way to a personal link


def test_session_page_offers_the_modules_own_calendar(client, coordinator, make_session):
    session = make_session()
    client.force_login(coordinator)
    html = client.get(reverse("programme:session_detail", args=[session.pk])).content.decode()
    assert f"webcal://127.0.0.1:8000/calendar/modules/{session.module.slug}.ics" in html
