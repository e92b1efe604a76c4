"""The hooks through which apps above plans add panels to the plan page and flags to
the plan list (lms.plans.extensions)."""

import copy

import pytest
from django.urls import reverse

from lms.core import versions
from lms.plans import extensions
from lms.plans.services.creation import plan_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(programme, template, manager, newcomer):
    return plan_create(newcomer=newcomer, template=template, by=manager)


@pytest.fixture
def hooks(monkeypatch):
    """Registrations made by a test stay in that test."""
    monkeypatch.setattr(extensions, "_panels", dict(extensions._panels))
    monkeypatch.setattr(extensions, "_row_flaggers", dict(extensions._row_flaggers))
    monkeypatch.setattr(extensions, "_row_versions", dict(extensions._row_versions))


def test_a_panel_shows_on_the_plan_page_for_the_viewers_its_builder_accepts(
    client, plan, manager, newcomer, hooks, settings, tmp_path
):
    (tmp_path / "panel.html").write_text("<section>Panel för {{ panel.who }}</section>")
    engine = copy.deepcopy(settings.TEMPLATES[0])
    engine["DIRS"] = [tmp_path, *engine["DIRS"]]
    settings.TEMPLATES = [engine, *settings.TEMPLATES[1:]]
    extensions.register_panel(
        "test",
        template="panel.html",
        build=lambda p, viewer: {"who": viewer.email} if viewer == p.newcomer else None,
    )
    client.force_login(newcomer)
    assert "Panel för ny@example.test" in client.get(reverse("plans:plan_mine")).content.decode()
    client.force_login(manager)
    page = client.get(reverse("plans:plan_detail", args=[plan.pk])).content.decode()
    assert "Panel för" not in page


def test_panels_come_in_their_order(monkeypatch):
    monkeypatch.setattr(extensions, "_panels", {})
    extensions.register_panel("b", template="b.html", build=lambda p, v: {}, order=2)
    extensions.register_panel("a", template="a.html", build=lambda p, v: {}, order=3)
    keys = [p["key"] for p in extensions.panels_for(None, None)]
    assert keys == ["b", "a"]


def test_row_flags_reach_the_plan_list_and_their_version_rebuilds_it(client, plan, manager, hooks):
    state = {"flag": "Första flaggan"}

    def add(rows, today):
        for row in rows:
            row.flags.append(state["flag"])

    extensions.register_row_flags("test", add=add, versions=("test-data",))
    client.force_login(manager)
    assert "Första flaggan" in client.get(reverse("plans:plan_list")).content.decode()
    state["flag"] = "Andra flaggan"
    # Unchanged data: the cached table is served.
    assert "Första flaggan" in client.get(reverse("plans:plan_list")).content.decode()
    versions.bump("test-data")
    assert "Andra flaggan" in client.get(reverse("plans:plan_list")).content.decode()
