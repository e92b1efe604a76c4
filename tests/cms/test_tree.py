"""The page tree editors cannot break: which type goes where, one of each section under
a home, one page per module and language, and the admin refusing what the rules refuse."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale, Page

from cms.models import (
    ContactPage,
    GlossaryPage,
    GuidanceIndexPage,
    GuidancePage,
    HomePage,
    KnowledgeArticlePage,
    KnowledgeIndexPage,
    ModulePage,
    NewsIndexPage,
    NewsPage,
    ProgrammePage,
    StandardPage,
)
from lms.programme.models import Module, Part, Programme

from .conftest import publish

SECTIONS = {ProgrammePage, KnowledgeIndexPage, GuidanceIndexPage, NewsIndexPage, ContactPage}

TREE = {
    # type: (allowed parents, allowed subpages)
    HomePage: ({Page}, SECTIONS | {StandardPage}),
    ProgrammePage: ({HomePage}, {ModulePage}),
    ModulePage: ({ProgrammePage}, set()),
    KnowledgeIndexPage: ({HomePage}, {KnowledgeArticlePage, GlossaryPage}),
    KnowledgeArticlePage: ({KnowledgeIndexPage}, set()),
    GlossaryPage: ({KnowledgeIndexPage}, set()),
    GuidanceIndexPage: ({HomePage}, {GuidancePage}),
    GuidancePage: ({GuidanceIndexPage}, set()),
    NewsIndexPage: ({HomePage}, {NewsPage}),
    NewsPage: ({NewsIndexPage}, set()),
    ContactPage: ({HomePage}, set()),
    StandardPage: ({HomePage}, set()),
}


@pytest.mark.parametrize("model", list(TREE), ids=lambda m: m.__name__)
def test_each_type_has_its_place_in_the_tree(model):
    parents, subpages = TREE[model]
    assert set(model.allowed_parent_page_models()) == parents
    assert set(model.allowed_subpage_models()) == subpages


@pytest.mark.parametrize("model", [*SECTIONS, GlossaryPage], ids=lambda m: m.__name__)
def test_a_section_is_one_of_a_kind_per_parent(model):
    assert model.max_count_per_parent == 1


@pytest.mark.parametrize(
    "model",
    [StandardPage, ModulePage, KnowledgeArticlePage, GuidancePage, NewsPage],
    ids=lambda m: m.__name__,
)
def test_pages_of_content_may_be_many(model):
    assert model.max_count_per_parent is None


# -- can_create_at against a real tree ---------------------------------------------------


@pytest.fixture
def site_tree(home, programme_page, knowledge, guidance, news_index, contact_page):
    return {
        "home": home,
        "programme": programme_page,
        "knowledge": knowledge,
        "guidance": guidance,
        "news": news_index,
        "contact": contact_page,
    }


def test_a_second_home_page_is_refused(home):
    root = Page.get_first_root_node()
    assert not HomePage.can_create_at(root)
    assert not HomePage.can_create_at(home)


@pytest.mark.parametrize(
    "model",
    [ProgrammePage, KnowledgeIndexPage, GuidanceIndexPage, NewsIndexPage, ContactPage],
    ids=lambda m: m.__name__,
)
def test_a_section_can_be_made_once_under_the_home(home, model):
    assert model.can_create_at(home)
    publish(home, model(title="Avsnitt", slug="avsnitt"))
    assert not model.can_create_at(home)


def test_standard_pages_can_be_many(site_tree):
    home = site_tree["home"]
    publish(home, StandardPage(title="Om webbplatsen", slug="om"))
    assert StandardPage.can_create_at(home)


def test_a_module_page_is_refused_anywhere_but_the_programme(site_tree):
    assert ModulePage.can_create_at(site_tree["programme"])
    for name in ("home", "knowledge", "guidance", "news", "contact"):
        assert not ModulePage.can_create_at(site_tree[name]), name
    assert not ModulePage.can_create_at(Page.get_first_root_node())


def test_content_pages_go_only_under_their_own_index(site_tree):
    assert KnowledgeArticlePage.can_create_at(site_tree["knowledge"])
    assert not KnowledgeArticlePage.can_create_at(site_tree["programme"])
    assert GuidancePage.can_create_at(site_tree["guidance"])
    assert not GuidancePage.can_create_at(site_tree["knowledge"])
    assert NewsPage.can_create_at(site_tree["news"])
    assert not NewsPage.can_create_at(site_tree["home"])
    assert not StandardPage.can_create_at(site_tree["programme"])


def test_one_glossary_in_the_knowledge_bank(knowledge):
    assert GlossaryPage.can_create_at(knowledge)
    publish(knowledge, GlossaryPage(title="Ordlista", slug="ordlista"))
    assert not GlossaryPage.can_create_at(knowledge)


def test_a_module_page_cannot_have_subpages(module_page):
    assert not any(model.can_create_at(module_page) for model in TREE)


# -- one page per module and language -----------------------------------------------------


@pytest.fixture
def english(db):
    return Locale.objects.get_or_create(language_code="en")[0]


def test_the_same_module_twice_in_one_language_is_refused_in_swedish(
    programme_page, module_page, module
):
    second = ModulePage(title="Samma modul igen", slug="igen", module=module)
    with translation.override("sv"), pytest.raises(ValidationError) as refused:
        programme_page.add_child(instance=second)
    assert refused.value.message_dict["module"] == [
        f"Modulen beskrivs redan på sidan ”{module_page.title}”."
    ]
    assert ModulePage.objects.filter(module=module).count() == 1


def test_saving_the_same_page_again_is_not_a_duplicate(module_page):
    module_page.title = "Ny rubrik"
    module_page.full_clean()
    module_page.save_revision().publish()


def test_the_modules_english_translation_is_allowed(home, programme_page, module_page, english):
    home.copy_for_translation(english)
    programme_page.copy_for_translation(english)
    translated = module_page.copy_for_translation(english)
    translated.full_clean()  # the same module in another language: no complaint
    assert translated.module_id == module_page.module_id
    assert translated.locale == english
    assert ModulePage.objects.filter(module=module_page.module).count() == 2


def test_a_second_english_page_for_the_module_is_refused(
    home, programme_page, module_page, english
):
    home.copy_for_translation(english)
    programme_en = programme_page.copy_for_translation(english)
    module_page.copy_for_translation(english)
    second = ModulePage(title="Second", slug="second", module=module_page.module, locale=english)
    with pytest.raises(ValidationError) as refused:
        programme_en.add_child(instance=second)
    assert "module" in refused.value.message_dict


# -- the admin ----------------------------------------------------------------------------


def _module_field(page, parent, user):
    form_class = ModulePage.get_edit_handler().get_form_class()
    form = form_class(instance=page, parent_page=parent, for_user=user)
    return form.fields["module"]


def test_the_admin_form_offers_only_the_current_programmes_modules(
    programme_page, module, admin_user
):
    old = Programme.objects.create(
        name="Introduktionsprogrammet", version=0, valid_from=datetime.date(2024, 1, 1)
    )
    part = Part.objects.create(programme=old, number=1, title="Del 1", deadline_months=4)
    old_module = Module.objects.create(part=part, title="Gammal", slug="gammal", length_days=1)
    field = _module_field(ModulePage(), programme_page, admin_user)
    assert list(field.queryset) == [module]
    assert old_module not in field.queryset
    assert field.required


def _add_url(model, parent) -> str:
    return reverse(
        "wagtailadmin_pages:add",
        args=[model._meta.app_label, model._meta.model_name, parent.pk],
    )


def _refused(response) -> bool:
    """Wagtail 8 answers a refused admin view with a redirect to the dashboard and a
    "no permission" message rather than a bare 403."""
    with translation.override("sv"):  # the editor's language
        no_permission = translation.gettext(
            "Sorry, you do not have permission to access this area."
        )
    messages = [str(m).strip() for m in get_messages(response.wsgi_request)]
    return (
        response.status_code == 302
        and response["Location"] == reverse("wagtailadmin_home")
        and no_permission in messages
    )


def test_the_admin_opens_the_form_for_an_allowed_type(client, admin_user, home):
    client.force_login(admin_user)
    assert client.get(_add_url(StandardPage, home)).status_code == 200
    assert client.get(_add_url(ProgrammePage, home)).status_code == 200


def test_the_admin_refuses_a_module_page_under_the_home(client, admin_user, home, module):
    client.force_login(admin_user)
    assert _refused(client.get(_add_url(ModulePage, home)))
    response = client.post(
        _add_url(ModulePage, home),
        {"title": "Fel plats", "slug": "fel-plats", "module": module.pk, "action-publish": "1"},
    )
    assert _refused(response)
    assert not ModulePage.objects.exists()


def test_the_admin_refuses_a_second_programme(client, admin_user, home, programme_page):
    client.force_login(admin_user)
    assert _refused(client.get(_add_url(ProgrammePage, home)))
    assert _refused(client.post(_add_url(ProgrammePage, home), {"title": "Två", "slug": "tva"}))
    assert ProgrammePage.objects.count() == 1


def test_the_admin_refuses_a_second_home(client, admin_user, home):
    client.force_login(admin_user)
    assert _refused(client.get(_add_url(HomePage, Page.get_first_root_node())))


def test_the_type_chooser_lists_only_what_may_still_be_made(
    client, admin_user, home, programme_page
):
    client.force_login(admin_user)
    response = client.get(reverse("wagtailadmin_pages:add_subpage", args=[home.pk]))
    assert response.status_code == 200
    offered = {model for _name, _app, model, _desc in response.context["page_types"]}
    assert "programmepage" not in offered  # one is there already
    assert "modulepage" not in offered
    assert {"standardpage", "knowledgeindexpage", "contactpage"} <= offered


def test_the_type_chooser_goes_straight_to_the_only_type(client, admin_user, programme_page):
    client.force_login(admin_user)
    response = client.get(reverse("wagtailadmin_pages:add_subpage", args=[programme_page.pk]))
    assert response.status_code == 302
    assert response["Location"] == _add_url(ModulePage, programme_page)


def test_the_type_chooser_refuses_a_page_that_takes_no_subpages(client, admin_user, module_page):
    client.force_login(admin_user)
    response = client.get(reverse("wagtailadmin_pages:add_subpage", args=[module_page.pk]))
    assert _refused(response)


def test_the_admin_form_for_a_module_page_refuses_a_duplicate_module(
    client, admin_user, programme_page, module_page, module
):
    client.force_login(admin_user)
    response = client.post(
        _add_url(ModulePage, programme_page),
        {
            "title": "Igen",
            "slug": "igen",
            "module": module.pk,
            "body-count": "0",
            "intro": "",
        },
    )
    assert response.status_code == 200  # the form again, with the error
    assert "Modulen beskrivs redan" in response.content.decode()
    assert ModulePage.objects.count() == 1
