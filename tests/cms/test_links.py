"""lms links to the site's module pages through the resolver the site registers, without
importing cms: plan items, the courses page, session pages, bookings and the start page."""

import datetime
import pathlib

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Locale, PageViewRestriction

from cms import links
from cms.models import ModulePage
from lms.core import versions
from lms.plans.models import ItemKind, PlanTemplate, Responsible, TemplateItem
from lms.plans.services.creation import plan_create
from lms.plans.services.items import plan_item_add
from lms.programme import public
from lms.programme import services as programme_services
from lms.programme.models import Module, Part, Programme

from .conftest import publish

pytestmark = pytest.mark.dates  # shows what comes and what is due: moment-dependent

PAGE_URL = "/programmet/politiskt-styrd-organisation/"


def _html(response) -> str:
    return response.content.decode()


def translate(page, locale):
    copy = page.copy_for_translation(locale)
    copy.save_revision().publish()
    copy.refresh_from_db()
    return copy


@pytest.fixture
def english(db):
    return Locale.objects.get_or_create(language_code="en")[0]


@pytest.fixture
def english_module_page(english, home, programme_page, module_page):
    translate(home, english)
    programme_en = translate(programme_page, english)
    programme_en.slug = "programme"
    programme_en.save_revision().publish()
    page = translate(module_page, english)
    page.title = "Working in a politically governed organisation"
    page.slug = "politically-governed"
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def plan(newcomer, manager, module):
    newcomer.start_date = timezone.localdate() - datetime.timedelta(days=20)
    newcomer.save()
    template = PlanTemplate.objects.create(family="bou", name="Barn och unga")
    TemplateItem.objects.create(
        template=template,
        title="Läs riktlinjen",
        phase="first_week",
        due_offset_days=22,
        kind=ItemKind.READING,
        responsible=Responsible.NEWCOMER,
    )
    # The programme's modules come into the plan as module items of their own.
    return plan_create(newcomer=newcomer, template=template, by=manager)


# -- the resolver -----------------------------------------------------------------------


def test_lms_never_imports_cms():
    root = pathlib.Path(settings.BASE_DIR) / "lms"
    offenders = [
        str(path)
        for path in root.rglob("*.py")
        if any(
            line.lstrip().startswith(("import cms", "from cms"))
            for line in path.read_text().splitlines()
        )
    ]
    assert offenders == []


def test_the_site_registers_its_resolver_with_lms(module_page):
    assert links.module_page_urls in public._page_resolvers
    assert public.module_page_urls() == {module_page.module.slug: PAGE_URL}


def test_only_live_public_pages_with_a_module_are_linked(
    programme_page, module_page, part1, django_assert_num_queries
):
    other = Module.objects.create(part=part1, title="Sekretess", slug="sekretess", length_days=1)
    draft = ModulePage(title="Sekretess", slug="sekretess", module=other, live=False)
    programme_page.add_child(instance=draft)  # saved, never published
    gone = Module.objects.create(part=part1, title="Gammal", slug="gammal", length_days=1)
    orphan = publish(programme_page, ModulePage(title="Gammal", slug="gammal", module=gone))
    gone.delete()
    orphan.refresh_from_db()
    assert orphan.module is None
    assert links.module_page_urls() == {"politiskt-styrd-organisation": PAGE_URL}

    draft.save_revision().publish()
    assert links.module_page_urls()["sekretess"] == "/programmet/sekretess/"

    PageViewRestriction.objects.create(page=draft, restriction_type="login")
    assert "sekretess" not in links.module_page_urls()


def test_the_map_is_cached_until_the_site_changes(module_page, django_assert_num_queries):
    links.module_page_urls()
    with django_assert_num_queries(1):  # + 1: the version counters, read once per request
        assert links.module_page_urls() == {"politiskt-styrd-organisation": PAGE_URL}
    module_page.unpublish()  # bumps the "cms" version
    assert links.module_page_urls() == {}


def test_the_map_follows_the_readers_language(english_module_page):
    with translation.override("en"):
        assert links.module_page_urls() == {
            "politiskt-styrd-organisation": "/programme/politically-governed/"
        }
    with translation.override("sv"):
        assert links.module_page_urls() == {"politiskt-styrd-organisation": PAGE_URL}


def test_an_untranslated_module_page_falls_back_to_the_swedish_one(english, home, module_page):
    translate(home, english)
    with translation.override("en"):
        assert links.module_page_urls() == {"politiskt-styrd-organisation": PAGE_URL}


def test_a_page_for_the_current_programme_wins_over_an_older_versions(
    programme_page, module_page, module
):
    old_programme = Programme.objects.create(
        name="Introduktionsprogrammet", version=0, valid_from=datetime.date(2024, 1, 1)
    )
    old_part = Part.objects.create(
        programme=old_programme, number=1, title="Del 1", deadline_months=4
    )
    old_module = Module.objects.create(
        part=old_part, title=module.title, slug=module.slug, length_days=1
    )
    # A page written for a module of the older version (the form offers only the current
    # programme's), published after the current one: only the ranking puts it behind.
    stand_in = Module.objects.create(part=module.part, title="X", slug="x", length_days=1)
    older = publish(
        programme_page, ModulePage(title="Förra versionen", slug="forra", module=stand_in)
    )
    ModulePage.objects.filter(pk=older.pk).update(module=old_module)
    versions.bump("cms")
    assert links.module_page_urls() == {module.slug: PAGE_URL}


# -- links from lms ---------------------------------------------------------------------


def test_a_module_item_on_the_newcomers_plan_links_to_its_page(client, plan, newcomer, module_page):
    client.force_login(newcomer)
    html = _html(client.get(reverse("plans:plan_mine")))
    assert f'href="{PAGE_URL}"' in html
    assert "Om modulen" in html


def test_no_page_no_link_and_a_new_page_shows_up_despite_the_cached_plan(
    client, plan, manager, programme_page, module
):
    client.force_login(manager)
    url = reverse("plans:plan_detail", args=[plan.pk])
    html = _html(client.get(url))
    assert "Om modulen" not in html
    assert "Kurstillfällen för" in html  # the item is there, only without the link
    publish(
        programme_page,
        ModulePage(title=module.title, slug="politiskt-styrd-organisation", module=module),
    )
    assert f'href="{PAGE_URL}"' in _html(client.get(url))


def test_the_plan_page_links_in_the_readers_language(client, plan, newcomer, english_module_page):
    newcomer.preferred_language = "en"
    newcomer.save()
    client.force_login(newcomer)
    html = _html(client.get(reverse("plans:plan_mine")))
    assert 'href="/programme/politically-governed/"' in html
    assert f'href="{PAGE_URL}"' not in html


def test_the_newcomers_start_page_links_own_module_items(client, plan, newcomer, module_page):
    plan.items.filter(module__isnull=False).update(
        due_date=timezone.localdate() + datetime.timedelta(days=3)
    )
    versions.bump("plans")
    client.force_login(newcomer)
    html = _html(client.get(reverse("core:start")))
    assert f'href="{PAGE_URL}"' in html


def test_the_courses_page_links_each_module_with_a_page(
    client, newcomer, make_session, module_page, part1
):
    other = Module.objects.create(part=part1, title="Sekretess", slug="sekretess", length_days=1)
    make_session()
    make_session(module=other, in_days=40)
    client.force_login(newcomer)
    html = _html(client.get(reverse("programme:courses")))
    assert html.count(f'href="{PAGE_URL}"') == 1
    assert "Sekretess" in html


def test_the_newcomers_bookings_link_the_module_title(
    client, newcomer, manager, make_session, module_page
):
    session = make_session()
    programme_services.enrolment_nominate(session=session, person=newcomer, by=manager)
    client.force_login(newcomer)
    for page in (reverse("programme:courses"), reverse("core:start")):
        html = _html(client.get(page))
        assert f'<a href="{PAGE_URL}">{module_page.module.title}</a>' in html, page


def test_the_session_page_links_to_the_module_page(client, newcomer, make_session, module_page):
    session = make_session()
    client.force_login(newcomer)
    html = _html(client.get(reverse("programme:session_detail", args=[session.pk])))
    assert f'href="{PAGE_URL}"' in html


def test_the_session_page_without_a_module_page_has_no_link(client, newcomer, make_session):
    session = make_session()
    client.force_login(newcomer)
    html = _html(client.get(reverse("programme:session_detail", args=[session.pk])))
    assert "Om modulen" not in html


def test_the_link_costs_no_query_once_the_map_is_cached(
    client, newcomer, make_session, module_page, django_assert_num_queries
):
    session = make_session()
    url = reverse("programme:session_detail", args=[session.pk])
    client.force_login(newcomer)
    client.get(url)
    with CaptureQueriesContext(connection) as with_page:
        client.get(url)
    with_page_count = len(with_page.captured_queries)  # now: the next request empties the log
    module_page.unpublish()
    client.get(url)  # the map is built afresh once
    with django_assert_num_queries(with_page_count):
        html = _html(client.get(url))
    assert "Om modulen" not in html


def test_the_plan_page_asks_for_the_map_once_however_many_module_items(
    client, plan, manager, part1, programme_page, module_page, django_assert_num_queries
):
    client.force_login(manager)
    url = reverse("plans:plan_detail", args=[plan.pk])
    client.get(url)
    versions.bump("plans")
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    one_count = len(one.captured_queries)
    for n in range(5):
        module = Module.objects.create(
            part=part1, title=f"Modul {n}", slug=f"modul-{n}", length_days=1, position=n + 2
        )
        publish(programme_page, ModulePage(title=module.title, slug=module.slug, module=module))
        plan_item_add(
            plan=plan,
            by=manager,
            title=module.title,
            due_date=plan.start_date + datetime.timedelta(days=30),
            responsible="newcomer",
        )
    plan.items.filter(title__startswith="Modul ").update(kind=ItemKind.MODULE)
    for item in plan.items.filter(title__startswith="Modul "):
        item.module = Module.objects.get(title=item.title)
        item.save(update_fields=["module"])
    client.get(url)  # the new pages: the map is built afresh once
    versions.bump("plans")
    with django_assert_num_queries(one_count):
        html = _html(client.get(url))
    assert html.count("Om modulen") == 6
    # session, user: the rows are cached; and the version counters, read once per request
    with django_assert_num_queries(3):
        client.get(url)


def test_the_courses_page_costs_the_same_for_few_and_many_linked_modules(
    client, newcomer, make_session, module_page, programme_page, part1, django_assert_num_queries
):
    make_session()
    client.force_login(newcomer)
    url = reverse("programme:courses")
    client.get(url)
    versions.bump("programme")
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    few_count = len(few.captured_queries)  # now: the next request empties the log
    for n in range(6):
        module = Module.objects.create(
            part=part1, title=f"Modul {n}", slug=f"modul-{n}", length_days=1, position=n + 2
        )
        publish(programme_page, ModulePage(title=module.title, slug=module.slug, module=module))
        make_session(module=module, in_days=40 + n)
    client.get(url)  # the new pages: the map is built afresh once
    versions.bump("programme")
    with django_assert_num_queries(few_count):
        html = _html(client.get(url))
    assert html.count("Om modulen") == 7
    # session, user: the rows are cached; and the version counters, read once per request
    with django_assert_num_queries(3):
        client.get(url)
