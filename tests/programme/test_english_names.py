"""A module's optional English title: shown in the English interface, edited in the
Django admin, and carried over to next year's programme version."""

import datetime

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from lms.programme import services
from lms.programme.models import Module

pytestmark = pytest.mark.django_db
SV = "Att arbeta i en politiskt styrd organisation"
EN = "Working in a politically governed organisation"


def _in(language: str, module: Module) -> str:
    with translation.override(language):
        return module.display_title


def test_the_display_title_follows_the_language_and_falls_back_to_swedish(module):
    assert _in("en", module) == SV  # no English title yet
    module.title_en = EN
    assert _in("sv", module) == SV
    assert _in("en", module) == EN
    assert str(module) == SV  # what is stored and exported stays Swedish


def _courses(client, user, language) -> str:
    user.preferred_language = language
    user.save()
    client.force_login(user)
    return client.get(reverse("programme:courses")).content.decode()


def test_the_course_list_and_session_page_show_the_title_in_the_readers_language(
    client, module, make_session, newcomer
):
    module.title_en = EN
    module.save()
    session = make_session()
    english = _courses(client, newcomer, "en")
    assert EN in english and SV not in english
    detail = client.get(reverse("programme:session_detail", args=[session.pk])).content.decode()
    assert f"<h1>{EN}</h1>" in detail
    swedish = _courses(client, newcomer, "sv")
    assert SV in swedish and EN not in swedish


def test_without_an_english_title_the_english_page_shows_the_swedish(
    client, module, make_session, newcomer
):
    make_session()
    assert SV in _courses(client, newcomer, "en")


def test_the_english_title_is_edited_in_the_admin(module, coordinator):
    request = RequestFactory().get("/")
    request.user = coordinator
    form_class = admin.site._registry[Module].get_form(request, module)
    data = {
        "part": module.part_id,
        "title": SV,
        "title_en": EN,
        "slug": module.slug,
        "length_days": "1.5",
        "position": 0,
        "newcomer_kinds": "[]",
    }
    form = form_class(data, instance=module)
    assert form.is_valid(), form.errors
    form.save()
    module.refresh_from_db()
    assert module.title_en == EN


def test_a_new_programme_version_keeps_the_english_title(programme, module, coordinator):
    module.title_en = EN
    module.save()
    copy = services.programme_new_version(
        programme=programme, by=coordinator, valid_from=datetime.date(2027, 1, 1)
    )
    assert Module.objects.get(part__programme=copy, slug=module.slug).title_en == EN
