"""The programme page: module pages grouped under the lms parts' titles in programme order;
a module without a page is simply absent, a page whose module is gone comes last."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.models import ModulePage
from lms.core import versions
from lms.programme.models import Module, Part

from .conftest import publish

URL = "/programmet/"


def _html(client) -> str:
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def _sections(html: str) -> list[tuple[str, list[str]]]:
    """(heading, [linked titles]) for each part section, in page order."""
    found = []
    for block in re.findall(r'<section class="programme-part".*?</section>', html, re.S):
        heading = re.search(r"<h2[^>]*>(.*?)</h2>", block, re.S).group(1).strip()
        titles = re.findall(r'class="card-title"><a href="[^"]+">(.*?)</a>', block)
        found.append((heading, titles))
    return found


@pytest.fixture
def modules(part1, programme):
    part1.title = "Del 1: Grunderna i myndighetsutövning"
    part1.save()
    part2 = Part.objects.create(
        programme=programme, number=2, title="Del 2: Fördjupning", deadline_months=24
    )

    def make(part, title, slug, position):
        return Module.objects.create(
            part=part, title=title, slug=slug, position=position, length_days=1
        )

    return {
        "law": make(part1, "Lagstiftningen", "lagstiftningen", 1),
        "talk": make(part1, "Samtalsmetodik", "samtal", 2),
        "unpaged": make(part1, "Dokumentation", "dokumentation", 3),
        "deep": make(part2, "Barnets behov i centrum", "bbic", 1),
    }


def _page(parent, module, title=None):
    return publish(parent, ModulePage(title=title or module.title, slug=module.slug, module=module))


def test_module_pages_are_grouped_by_part_in_programme_order(client, programme_page, modules):
    # Published out of order: the programme decides the order, not the tree.
    _page(programme_page, modules["deep"])
    _page(programme_page, modules["talk"])
    _page(programme_page, modules["law"])
    assert _sections(_html(client)) == [
        ("Del 1: Grunderna i myndighetsutövning", ["Lagstiftningen", "Samtalsmetodik"]),
        ("Del 2: Fördjupning", ["Barnets behov i centrum"]),
    ]


def test_a_module_without_a_page_is_simply_absent(client, programme_page, modules):
    _page(programme_page, modules["law"])
    html = _html(client)
    assert "Dokumentation" not in html
    assert "Fördjupning" not in html  # no part heading without a page under it


def test_a_draft_module_page_is_not_listed(client, programme_page, modules):
    _page(programme_page, modules["law"])
    draft = ModulePage(title="Utkast", slug="utkast", module=modules["talk"], live=False)
    programme_page.add_child(instance=draft)
    assert _sections(_html(client)) == [
        ("Del 1: Grunderna i myndighetsutövning", ["Lagstiftningen"])
    ]


def test_a_page_whose_module_is_gone_is_listed_last_for_editors_to_mend(
    client, programme_page, modules
):
    orphan = _page(programme_page, modules["unpaged"], title="Borttagen modul")
    _page(programme_page, modules["deep"])
    _page(programme_page, modules["law"])
    modules["unpaged"].delete()
    sections = _sections(_html(client))
    assert sections[-1] == ("Moduler utanför programmet", ["Borttagen modul"])
    assert [heading for heading, _titles in sections[:-1]] == [
        "Del 1: Grunderna i myndighetsutövning",
        "Del 2: Fördjupning",
    ]
    # The page itself still opens, with the notice instead of dates.
    page_html = client.get(orphan.url).content.decode()
    assert "finns inte längre i programmet" in page_html


def test_an_empty_programme_says_so(client, programme_page):
    assert "Inga moduler är beskrivna ännu." in _html(client)


def test_the_programme_page_costs_the_same_for_few_and_many_modules(
    client, programme_page, modules, part1, newcomer, django_assert_num_queries
):
    # A logged-in reader: the anonymous page cache would answer from memory.
    client.force_login(newcomer)
    _page(programme_page, modules["law"])
    client.get(URL)  # warm: routes, menus and lists cached
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    few_count = len(few.captured_queries)  # now: the next request empties the log
    for n in range(10):
        module = Module.objects.create(
            part=part1, title=f"Modul {n}", slug=f"modul-{n}", position=10 + n, length_days=1
        )
        _page(programme_page, module)
    client.get(URL)
    with django_assert_num_queries(few_count):
        assert len(_sections(_html(client))[0][1]) == 11


def test_a_page_of_an_older_programme_version_sits_under_the_same_part(
    client, programme_page, modules
):
    import datetime

    from lms.programme.models import Programme

    old = Programme.objects.create(
        name="Introduktionsprogrammet", version=0, valid_from=datetime.date(2024, 1, 1)
    )
    old_part = Part.objects.create(programme=old, number=1, title="Del 1 (2024)", deadline_months=4)
    old_module = Module.objects.create(
        part=old_part, title="Utredning", slug="utredning", position=0, length_days=1
    )
    _page(programme_page, modules["law"])
    page = _page(programme_page, modules["talk"], title="Utredning")
    # Written when the older version was current (the form offers only the current one's).
    ModulePage.objects.filter(pk=page.pk).update(module=old_module)
    versions.bump("cms")  # update() sends no signal; a real change goes through publishing
    assert _sections(_html(client)) == [
        ("Del 1: Grunderna i myndighetsutövning", ["Utredning", "Lagstiftningen"])
    ]
