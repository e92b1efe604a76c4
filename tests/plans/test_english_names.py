"""A plan template's optional English name: shown in the English interface, edited in
the template form, and carried over to a new version."""

import pytest
from django.urls import reverse
from django.utils import translation

from lms.plans.models import PlanTemplate
from lms.plans.services.templates import template_update

from .conftest import make_plan

pytestmark = pytest.mark.django_db
SV = "Barn och unga, nyutexaminerad"
EN = "Children and young people, newly qualified"


@pytest.fixture
def template(template, unit):
    template.area = unit.area
    template.save()
    return template


def _in(language: str, template: PlanTemplate) -> str:
    with translation.override(language):
        return template.display_name


def test_the_display_name_follows_the_language_and_falls_back_to_swedish(template):
    assert template.name == SV
    assert _in("en", template) == SV  # no English name yet
    template.name_en = EN
    assert _in("sv", template) == SV
    assert _in("en", template) == EN
    assert _in("en-gb", template) == EN


def _page(client, user, template, language):
    user.preferred_language = language
    user.save()
    client.force_login(user)
    return client.get(reverse("plans:template_detail", args=[template.pk])).content.decode()


def test_the_template_page_and_list_show_the_name_in_the_readers_language(
    client, template, manager
):
    template.name_en = EN
    template.save()
    english = _page(client, manager, template, "en")
    assert f"<h1>{EN}</h1>" in english
    assert EN in client.get(reverse("plans:template_list")).content.decode()
    swedish = _page(client, manager, template, "sv")
    assert f"<h1>{SV}</h1>" in swedish and EN not in swedish
    assert EN not in client.get(reverse("plans:template_list")).content.decode()


def test_the_forms_save_the_english_name(client, template, manager):
    client.force_login(manager)
    client.post(
        reverse("plans:template_create"),
        {
            "name": "Ekonomiskt bistånd",
            "name_en": " Financial assistance ",
            "area": template.area_id,
        },
    )
    made = PlanTemplate.objects.exclude(pk=template.pk).get()
    assert (made.name, made.name_en) == ("Ekonomiskt bistånd", "Financial assistance")
    form = client.get(reverse("plans:template_edit", args=[template.pk])).content.decode()
    assert 'name="name_en"' in form and "Namn på engelska" in form
    client.post(
        reverse("plans:template_edit", args=[template.pk]),
        {"name": SV, "name_en": EN, "area": template.area_id, "revision": template.revision},
    )
    template.refresh_from_db()
    assert template.name_en == EN


def test_a_new_version_keeps_the_english_name(template, manager, newcomer):
    template.name_en = EN
    template.save()
    make_plan(newcomer=newcomer, template=template, by=manager)
    change = template_update(
        template=template,
        by=manager,
        revision=template.revision,
        name=SV,
        name_en=EN,
        description="Ny beskrivning",
        area=template.area,
    )
    assert change.new_version
    assert (change.template.version, change.template.name_en) == (2, EN)


def test_a_changed_english_name_alone_is_a_change(template, manager):
    change = template_update(
        template=template,
        by=manager,
        revision=template.revision,
        name=SV,
        name_en=EN,
        area=template.area,
    )
    assert change.changed
    template.refresh_from_db()
    assert template.name_en == EN
