"""Plan templates managed in the product: versions, applying a version to plans, the
pages, who may do what, and bad input."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lms.accounts.models import Role
from lms.core import versions
from lms.organisation.models import Area
from lms.plans import selectors
from lms.plans.caching import PLANS
from lms.plans.models import (
    IntroductionPlan,
    ItemKind,
    Phase,
    PlanEvent,
    PlanItem,
    PlanTemplate,
    Responsible,
    TemplateItem,
)
from lms.plans.services.creation import plan_create
from lms.plans.services.items import plan_item_complete, plan_item_update
from lms.plans.services.lifecycle import plan_close, plan_reopen
from lms.plans.services.template_versions import template_apply
from lms.plans.services.templates import (
    template_create,
    template_item_add,
    template_item_remove,
    template_item_update,
    template_update,
)
from lms.programme.models import Module
from tests.factories import UnitFactory, UserFactory, give_role

from .conftest import START, make_plan

pytestmark = pytest.mark.django_db
S = PlanItem.Status


@pytest.fixture
def template(template, unit):
    """The conftest template, for the area of the manager's unit."""
    template.area = unit.area
    template.save()
    return template


@pytest.fixture
def plan(programme, template, manager, newcomer, mentor, supervisor):
    return make_plan(
        newcomer=newcomer, template=template, by=manager, mentor=mentor, supervisor=supervisor
    )


@pytest.fixture
def other_area(db):
    return Area.objects.get(code="ekonomiskt-bistand")


def _titem(template, title):
    return template.items.get(title=title)


def _add(template, by, title="Läs rutinen för orosanmälningar", offset=21, **extra):
    template.refresh_from_db()
    values = {"responsible": Responsible.NEWCOMER, "kind": ItemKind.READING, **extra}
    return template_item_add(
        template=template,
        by=by,
        revision=template.revision,
        title=title,
        due_offset_days=offset,
        **values,
    )


def _update(item, by, **changes):
    item.template.refresh_from_db()
    return template_item_update(item=item, by=by, revision=item.template.revision, **changes)


def _html(response) -> str:
    return response.content.decode()


# -- versions ------------------------------------------------------------------------------


def test_an_unused_version_is_changed_in_place_and_the_phase_follows_the_offset(template, manager):
    before = template.revision
    change = _add(template, manager, offset=45)
    assert change.template == template and not change.new_version
    assert change.item.phase == Phase.FIRST_FOUR_MONTHS
    template.refresh_from_db()
    assert template.revision == before + 1
    assert PlanTemplate.objects.filter(family=template.family).count() == 1


def test_a_used_version_is_never_changed_the_change_lands_in_the_next_version(
    plan, template, manager
):
    old_items = {i.lineage: (i.title, i.due_offset_days) for i in template.items.all()}
    change = _add(template, manager)
    template.refresh_from_db()
    copy = change.template
    assert change.new_version and change.plans == 1
    assert (copy.family, copy.version, copy.is_current) == (template.family, 2, True)
    assert not template.is_current
    assert {i.lineage: (i.title, i.due_offset_days) for i in template.items.all()} == old_items
    copied = {i.lineage: i for i in copy.items.select_related("waits_for")}
    assert set(copied) == {*old_items, change.item.lineage}
    # What waited for an item waits for its copy, not for the old version's item.
    shadow = copied[_titem(template, "Gå bredvid på ett hembesök").lineage]
    assert shadow.waits_for.template == copy
    assert shadow.waits_for.title == "Läs riktlinjen för barnutredningar"
    plan.refresh_from_db()
    assert plan.template == template  # plans keep their version


def test_editing_an_item_of_a_used_version_changes_its_copy(plan, template, manager):
    read = _titem(template, "Läs riktlinjen för barnutredningar")
    change = _update(read, manager, title="Läs BBIC", due_offset_days=10)
    read.refresh_from_db()
    assert read.title == "Läs riktlinjen för barnutredningar" and read.template == template
    assert change.item.template == change.template and change.template.version == 2
    assert change.item.lineage == read.lineage
    assert (change.item.title, change.item.phase) == ("Läs BBIC", Phase.FIRST_MONTH)
    # The new version is unused, so the next change is saved in it.
    again = _update(change.item, manager, title="Läs BBIC-riktlinjen")
    assert again.template == change.template and not again.new_version


def test_the_header_of_a_used_version_changes_in_a_new_version(plan, template, manager):
    change = template_update(
        template=template,
        by=manager,
        revision=template.revision,
        name="Barn och unga, utredning",
        description="För nya utredare.",
        area=template.area,
        newcomer_kind="graduate",
    )
    template.refresh_from_db()
    assert template.name == "Barn och unga, nyutexaminerad"
    assert change.new_version and change.template.name == "Barn och unga, utredning"
    assert change.template.items.count() == template.items.count()


def test_saving_what_is_already_there_changes_nothing(plan, template, manager):
    read = _titem(template, "Läs riktlinjen för barnutredningar")
    change = _update(read, manager, title=read.title)
    assert not change.changed
    assert PlanTemplate.objects.filter(family=template.family).count() == 1


def test_a_form_read_before_another_save_is_refused_and_nothing_is_overwritten(
    plan, template, manager, unit
):
    second = give_role(UserFactory(unit=unit), Role.MANAGER, unit)
    read_at = template.revision
    read = _titem(template, "Läs riktlinjen för barnutredningar")
    template_item_update(item=read, by=manager, revision=read_at, title="Läs BBIC")
    with pytest.raises(ValidationError, match="Någon annan har ändrat mallen"):
        template_item_update(item=read, by=second, revision=read_at, title="Läs annat")
    with pytest.raises(ValidationError, match="Någon annan har ändrat mallen"):
        template_update(
            template=template, by=second, revision=read_at, name="Nytt namn", area=template.area
        )
    current = PlanTemplate.objects.get(family=template.family, is_current=True)
    assert current.version == 2 and current.name == template.name
    assert list(current.items.filter(lineage=read.lineage).values_list("title", flat=True)) == [
        "Läs BBIC"
    ]
    assert PlanTemplate.objects.filter(family=template.family).count() == 2


def test_an_older_version_is_not_edited(plan, template, manager):
    _add(template, manager)
    template.refresh_from_db()
    with pytest.raises(ValidationError, match="äldre version"):
        _add(template, manager, title="Till fel version")


# -- bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "problem, message",
    [
        ("empty title", "Punkten behöver en rubrik."),
        ("too early", "mellan 90 dagar före och 800 dagar efter"),
        ("too late", "mellan 90 dagar före och 800 dagar efter"),
        ("module without module", "behöver en kursmodul"),
        ("waits for itself", "kan inte vänta på sig själv"),
        ("cycle", "Då skulle ingen av dem kunna öppnas"),
        ("other template", "samma mall"),
        ("bad link", "hela webbadressen"),
    ],
)
def test_bad_items_are_refused_in_swedish_and_nothing_is_saved(
    plan, template, manager, problem, message
):
    read = _titem(template, "Läs riktlinjen för barnutredningar")
    shadow = _titem(template, "Gå bredvid på ett hembesök")  # waits for read
    other = PlanTemplate.objects.create(family="annan", name="Annan", area=template.area)
    stranger = TemplateItem.objects.create(
        template=other,
        title="Annan punkt",
        phase=Phase.FIRST_WEEK,
        due_offset_days=3,
        kind=ItemKind.TASK,
        responsible=Responsible.NEWCOMER,
    )
    item, changes = {
        "empty title": (shadow, {"title": "   "}),
        "too early": (shadow, {"due_offset_days": -91}),
        "too late": (shadow, {"due_offset_days": 801}),
        "module without module": (shadow, {"kind": ItemKind.MODULE, "module": None}),
        "waits for itself": (shadow, {"waits_for": shadow}),
        "cycle": (read, {"waits_for": shadow}),
        "other template": (shadow, {"waits_for": stranger}),
        "bad link": (shadow, {"link_url": "inte en adress"}),
    }[problem]
    before = list(template.items.values_list("title", "due_offset_days", "waits_for"))
    with pytest.raises(ValidationError) as error:
        _update(item, manager, **changes)
    assert message in " ".join(error.value.messages)
    if problem not in ("waits for itself", "cycle"):
        with pytest.raises(ValidationError, match=message):
            _add(template, manager, **{"title": "Ny", "offset": 5, **_as_add(changes)})
    assert list(template.items.values_list("title", "due_offset_days", "waits_for")) == before
    assert PlanTemplate.objects.filter(family=template.family).count() == 1


def _as_add(changes: dict) -> dict:
    changes = dict(changes)
    if "due_offset_days" in changes:
        changes["offset"] = changes.pop("due_offset_days")
    return changes


def test_the_outer_limits_of_the_offset_are_allowed(template, manager):
    assert _add(template, manager, title="Tidigt", offset=-90).item.phase == Phase.BEFORE_START
    assert _add(template, manager, title="Sent", offset=800).item.phase == Phase.SECOND_YEAR


def test_a_module_item_names_its_module(programme, template, manager):
    module = Module.objects.get(slug="samtal")
    change = _add(template, manager, title="Kurs", kind=ItemKind.MODULE, module=module)
    assert change.item.module == module


@pytest.mark.parametrize("name", ["", "   "])
def test_a_template_needs_a_name(manager, unit, name):
    with pytest.raises(ValidationError, match="Mallen behöver ett namn"):
        template_create(by=manager, name=name, area=unit.area)
    assert not PlanTemplate.objects.exists()


def test_removing_an_item_that_others_wait_for_releases_them(plan, template, manager):
    read = _titem(template, "Läs riktlinjen för barnutredningar")
    change = template_item_remove(item=read, by=manager, revision=template.revision)
    assert change.released == ["Gå bredvid på ett hembesök"] and change.new_version
    copy = change.template
    assert not copy.items.filter(lineage=read.lineage).exists()
    assert copy.items.get(title="Gå bredvid på ett hembesök").waits_for is None
    assert template.items.filter(pk=read.pk).exists()  # the used version keeps it


def test_removing_from_an_unused_version_deletes_the_item(template, manager):
    read = _titem(template, "Läs riktlinjen för barnutredningar")
    change = template_item_remove(item=read, by=manager, revision=template.revision)
    assert change.template == template and not change.new_version
    assert not TemplateItem.objects.filter(pk=read.pk).exists()
    assert template.items.get(title="Gå bredvid på ett hembesök").waits_for is None


# -- permissions ---------------------------------------------------------------------------


def test_a_manager_changes_templates_of_own_areas_only(template, manager, other_area):
    general = PlanTemplate.objects.create(family="alla", name="Alla")
    elsewhere = PlanTemplate.objects.create(family="ekb", name="Ekb", area=other_area)
    assert manager.has_perm("plans.change_template", template)
    assert not manager.has_perm("plans.change_template", general)
    assert not manager.has_perm("plans.change_template", elsewhere)
    with pytest.raises(PermissionDenied):
        _add(general, manager)
    with pytest.raises(PermissionDenied):
        _add(elsewhere, manager)


def test_an_administrator_changes_any_template(template, admin_user):
    general = PlanTemplate.objects.create(family="alla", name="Alla")
    assert admin_user.has_perm("plans.change_template", general)
    assert _add(general, admin_user).item.template == general
    made = template_create(by=admin_user, name="Allmän mall", area=None)
    assert made.area is None and made.version == 1 and made.is_current


def test_a_manager_creates_templates_only_for_own_areas(manager, unit, other_area):
    made = template_create(
        by=manager, name="Barn och unga, erfaren", area=unit.area, newcomer_kind="returning"
    )
    assert (made.family, made.version, made.created_by) == ("barn-och-unga-erfaren", 1, manager)
    with pytest.raises(ValidationError, match="dina enheter"):
        template_create(by=manager, name="Ekb", area=other_area)
    with pytest.raises(ValidationError, match="Bara en administratör"):
        template_create(by=manager, name="Alla", area=None)
    with pytest.raises(ValidationError, match="dina enheter"):
        template_update(
            template=made, by=manager, revision=made.revision, name=made.name, area=other_area
        )


@pytest.mark.parametrize("who", ["newcomer", "mentor", "supervisor", "hr", "coordinator"])
def test_others_neither_see_nor_change_templates(request, template, who):
    person = request.getfixturevalue(who)
    assert not person.has_perm("plans.manage_templates")
    assert not person.has_perm("plans.change_template", template)
    assert list(selectors.template_list(viewer=person)) == []
    with pytest.raises(PermissionDenied):
        _add(template, person)
    with pytest.raises(PermissionDenied):
        template_create(by=person, name="Min mall", area=template.area)


# -- applying a new version ----------------------------------------------------------------


def _version_two(template, manager):
    """v2: one item added (waiting for the reading), the first one dropped, the reading's
    title and day changed, and the home visit's day changed."""
    read = _titem(template, "Läs riktlinjen för barnutredningar")
    added = _add(template, manager, title="Läs om orosanmälningar", offset=21, waits_for=read)
    v2 = added.template
    template_item_remove(
        item=v2.items.get(title="Dator, telefon och nycklar klara"),
        by=manager,
        revision=v2.revision,
    )
    v2.refresh_from_db()
    _update(v2.items.get(lineage=read.lineage), manager, title="Läs BBIC", due_offset_days=6)
    _update(v2.items.get(title="Gå bredvid på ett hembesök"), manager, due_offset_days=28)
    v2.refresh_from_db()
    return v2


def test_applying_a_version_adds_removes_and_changes_items_by_lineage(plan, template, manager):
    v2 = _version_two(template, manager)
    revision = plan.revision
    [result] = template_apply(template=v2, plans=[plan], by=manager)
    assert (result.added, result.removed, result.changed, result.kept) == (1, 1, 2, 0)
    plan.refresh_from_db()
    assert plan.template == v2 and plan.revision == revision + 1
    added = plan.items.get(title="Läs om orosanmälningar")
    assert added.due_date == START + datetime.timedelta(days=21)
    assert added.status == S.WAITING and added.waits_for.title == "Läs BBIC"
    assert added.template_item.template == v2
    gone = plan.items.get(title="Dator, telefon och nycklar klara")
    assert gone.removed_at is not None
    read = plan.items.get(title="Läs BBIC")
    assert read.due_date == START + datetime.timedelta(days=6) and read.status == S.OPEN
    visit = plan.items.get(title="Gå bredvid på ett hembesök")
    # Made due on Monday 2027-02-01 (day 20 is a Sunday), then moved by the 8 days the
    # template added.
    assert visit.due_date == START + datetime.timedelta(days=29)
    assert visit.phase == Phase.FIRST_MONTH and visit.status == S.WAITING
    event = plan.events.get(kind=PlanEvent.Kind.TEMPLATE_APPLIED)
    assert event.actor == manager and event.get_kind_display() == "Ny mallversion införd"
    assert event.detail["added"] == 1 and event.detail["to_version"] == 2
    # created, mentor named, applied: one event for the whole change
    assert plan.events.count() == 3


def test_done_items_and_items_changed_by_hand_are_left_as_they_are(
    plan, template, manager, newcomer
):
    ready = plan.items.get(title="Dator, telefon och nycklar klara")
    plan_item_complete(item=ready, by=manager)
    read = plan.items.get(title="Läs riktlinjen för barnutredningar")
    plan_item_update(
        item=read, by=manager, revision=read.revision, title="Läs riktlinjen i lugn och ro"
    )
    v2 = _version_two(template, manager)
    [result] = template_apply(template=v2, plans=[plan], by=manager)
    assert (result.added, result.removed, result.changed, result.kept) == (1, 0, 1, 1)
    ready.refresh_from_db()
    assert ready.status == S.DONE and ready.removed_at is None
    read.refresh_from_db()
    assert read.title == "Läs riktlinjen i lugn och ro" and read.due_date == START + (
        datetime.timedelta(days=4)
    )


def test_released_waiting_items_open_when_what_they_waited_for_is_dropped(plan, template, manager):
    read = _titem(template, "Läs riktlinjen för barnutredningar")
    change = template_item_remove(item=read, by=manager, revision=template.revision)
    template_apply(template=change.template, plans=[plan], by=manager)
    visit = plan.items.get(title="Gå bredvid på ett hembesök")
    assert visit.status == S.OPEN and visit.waits_for is None
    assert plan.items.get(title="Läs riktlinjen för barnutredningar").removed_at is not None


def test_a_plan_on_the_version_already_or_of_another_unit_is_refused(
    plan, template, manager, other_newcomer, other_unit
):
    v2 = _add(template, manager).template
    template_apply(template=v2, plans=[plan], by=manager)
    assert template_apply(template=v2, plans=[plan], by=manager) == []  # twice
    assert plan.events.filter(kind=PlanEvent.Kind.TEMPLATE_APPLIED).count() == 1
    elsewhere = template_create(by=manager, name="Annan mall", area=template.area)
    _add(elsewhere, manager)
    with pytest.raises(ValidationError, match="inte gjord från en äldre version"):
        template_apply(template=elsewhere, plans=[plan], by=manager)
    other_manager = UserFactory(roles=[(Role.MANAGER, other_unit)])
    theirs = plan_create(
        newcomer=other_newcomer, template=template, by=other_manager, start_date=START
    )
    with pytest.raises(PermissionDenied):
        template_apply(template=v2, plans=[theirs], by=manager)
    theirs.refresh_from_db()
    assert theirs.template == template


def test_only_the_current_version_is_applied(plan, template, manager):
    _add(template, manager)
    template.refresh_from_db()
    with pytest.raises(ValidationError, match="gällande versionen"):
        template_apply(template=template, plans=[plan], by=manager)


# -- pages ---------------------------------------------------------------------------------


def _template_page(template):
    return reverse("plans:template_detail", args=[template.pk])


@pytest.mark.parametrize("who", ["newcomer", "mentor", "supervisor", "hr", "coordinator"])
def test_template_pages_are_403_for_everybody_but_managers_and_admins(
    client, request, template, who
):
    client.force_login(request.getfixturevalue(who))
    item = template.items.first()
    for url in (
        reverse("plans:template_list"),
        reverse("plans:template_create"),
        _template_page(template),
        reverse("plans:template_edit", args=[template.pk]),
        reverse("plans:template_item_add", args=[template.pk]),
        reverse("plans:template_item_edit", args=[item.pk]),
        reverse("plans:template_item_remove", args=[item.pk]),
    ):
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("plans:template_apply", args=[template.pk])).status_code == 403


def test_a_template_that_does_not_exist_is_404(client, manager):
    client.force_login(manager)
    assert client.get(reverse("plans:template_detail", args=[9999])).status_code == 404
    assert client.get(reverse("plans:template_item_edit", args=[9999])).status_code == 404


def test_a_manager_may_look_at_but_not_change_a_general_template(client, manager):
    general = PlanTemplate.objects.create(family="alla", name="Alla områden")
    item = TemplateItem.objects.create(
        template=general,
        title="Välkomstsamtal",
        phase=Phase.FIRST_WEEK,
        due_offset_days=0,
        kind=ItemKind.CONVERSATION,
        responsible=Responsible.MANAGER,
    )
    client.force_login(manager)
    page = client.get(_template_page(general))
    assert page.status_code == 200 and "Lägg till en punkt" not in _html(page)
    assert "Första dagen (vecka 1)" in _html(page)
    for url in (
        reverse("plans:template_edit", args=[general.pk]),
        reverse("plans:template_item_add", args=[general.pk]),
        reverse("plans:template_item_edit", args=[item.pk]),
        reverse("plans:template_item_remove", args=[item.pk]),
    ):
        assert client.get(url).status_code == 403, url


def test_the_list_shows_current_templates_with_counts(client, plan, template, manager):
    _add(template, manager)
    client.force_login(manager)
    response = client.get(reverse("plans:template_list"))
    [row] = response.context["templates"]
    assert (row.version, row.item_count, row.older_plans) == (2, 4, 1)
    html = _html(response)
    assert "Barn och unga" in html and "Alla nyanställda" in html


def test_the_template_list_costs_the_same_for_few_and_many_templates(
    client, template, manager, django_assert_num_queries
):
    client.force_login(manager)
    url = reverse("plans:template_list")
    client.get(url)  # the roles and the managed areas are cached now
    versions.bump(PLANS)  # built afresh, not from the fragment cache
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    few_count = len(few.captured_queries)
    assert (
        few_count == 4
    )  # session, user, templates with their counts; + the version counters, read once per request
    for n in range(6):
        made = template_create(by=manager, name=f"Mall {n}", area=template.area)
        _add(made, manager, title=f"Punkt {n}")
    versions.bump(PLANS)
    with django_assert_num_queries(few_count):
        response = client.get(url)
    assert len(response.context["templates"]) == 7
    assert "Mall 5" in response.content.decode()
    # session, user, versions: the table is cached until a change
    with django_assert_num_queries(3):
        client.get(url)


def test_the_template_page_costs_the_same_for_few_and_many_items_and_plans(
    client, programme, template, manager, unit, django_assert_num_queries
):
    def make_plans(n):
        for _ in range(n):
            person = UserFactory(unit=unit, roles=[Role.NEWCOMER], start_date=START)
            plan_create(newcomer=person, template=template, by=manager)

    client.force_login(manager)
    make_plans(1)
    v2 = _add(template, manager).template
    url = _template_page(v2)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    few_count = len(few.captured_queries)
    assert (
        few_count == 7
        # + 1: the version counters, read once per request
    )  # session, user, template, items, versions, plans to apply to
    make_plans(5)
    for n in range(8):
        _add(v2, manager, title=f"Punkt {n}", offset=n * 20, module=None)
    client.get(url)  # new people: the role cache fills once
    with django_assert_num_queries(few_count):
        response = client.get(url)
    assert len(response.context["view"].appliable) == 6


def test_the_template_page_shows_items_by_phase_versions_and_plan_counts(
    client, programme, plan, template, manager
):
    module = Module.objects.get(slug="samtal")
    v2 = _add(
        template,
        manager,
        title="Kursdag",
        offset=14,
        kind=ItemKind.MODULE,
        module=module,
        link_url="https://example.test/kurs",
    ).template
    client.force_login(manager)
    html = _html(client.get(_template_page(v2)))
    assert "Dag 14 (vecka 3)" in html and "3 dagar före första dagen" in html
    assert "Kursmodul: del 1, Bemötande och samtal" in html
    assert "Väntar på ”Läs riktlinjen för barnutredningar”." in html
    assert "https://example.test/kurs" in html
    assert "Version 1" in html and "Gällande" in html
    old = _html(client.get(_template_page(template)))
    assert "en äldre version" in old and "Lägg till en punkt" not in old


def test_manager_creates_a_template_and_sees_bad_input_explained(client, manager, other_area):
    client.force_login(manager)
    url = reverse("plans:template_create")
    empty = client.post(url, {"name": " ", "area": manager.unit.area_id})
    assert "Mallen behöver ett namn." in _html(empty)
    forged = client.post(url, {"name": "Ekb", "area": other_area.pk})
    assert "dina enheter hör till" in _html(forged)
    assert not PlanTemplate.objects.exists()
    response = client.post(
        url, {"name": "Barn och unga, erfaren", "area": manager.unit.area_id, "newcomer_kind": ""}
    )
    made = PlanTemplate.objects.get()
    assert response["Location"] == _template_page(made)


def test_manager_adds_an_item_in_weeks_to_a_used_template_and_is_told_of_the_new_version(
    client, plan, template, manager
):
    client.force_login(manager)
    read = _titem(template, "Läs riktlinjen för barnutredningar")
    response = client.post(
        reverse("plans:template_item_add", args=[template.pk]),
        {
            "title": "Läs om orosanmälningar",
            "kind": "reading",
            "responsible": "newcomer",
            "offset": "3",
            "offset_unit": "weeks",
            "waits_for": read.pk,
            "revision": template.revision,
        },
        follow=True,
    )
    v2 = PlanTemplate.objects.get(family=template.family, is_current=True)
    item = v2.items.get(title="Läs om orosanmälningar")
    assert (item.due_offset_days, item.phase) == (21, Phase.FIRST_MONTH)
    assert item.waits_for.template == v2
    assert (
        "Mallen används av 1 plan. Ändringen sparades i en ny version, v2; planen behåller "
        "sin version tills du för över den." in _html(response)
    )
    assert response.redirect_chain[-1][0].startswith(_template_page(v2))


@pytest.mark.parametrize(
    "data, message",
    [
        ({"title": ""}, "Punkten behöver en rubrik."),
        ({"offset": "130", "offset_unit": "weeks"}, "800 dagar efter första dagen"),
        ({"offset": "-91"}, "90 dagar före"),
        ({"kind": "module"}, "behöver en kursmodul"),
        ({"waits_for": "stranger"}, "bara vänta på en annan punkt i samma mall"),
        ({"revision": "0"}, "Någon annan har ändrat mallen"),
    ],
)
def test_bad_item_input_is_explained_on_the_form_and_nothing_is_saved(
    client, template, manager, data, message
):
    other = PlanTemplate.objects.create(family="annan", name="Annan", area=template.area)
    stranger = TemplateItem.objects.create(
        template=other,
        title="Annan punkt",
        phase=Phase.FIRST_WEEK,
        due_offset_days=3,
        kind=ItemKind.TASK,
        responsible=Responsible.NEWCOMER,
    )
    item = _titem(template, "Gå bredvid på ett hembesök")
    post = {
        "title": "Gå bredvid på två hembesök",
        "kind": "shadowing",
        "responsible": "supervisor",
        "offset": "20",
        "offset_unit": "days",
        "revision": template.revision,
        **data,
    }
    if post.get("waits_for") == "stranger":
        post["waits_for"] = stranger.pk
    client.force_login(manager)
    response = client.post(reverse("plans:template_item_edit", args=[item.pk]), post)
    assert response.status_code == 200
    assert message in _html(response)
    item.refresh_from_db()
    assert item.title == "Gå bredvid på ett hembesök"


def test_the_edit_form_shows_whole_weeks_in_weeks(client, template, manager):
    item = _titem(template, "Gå bredvid på ett hembesök")
    _update(item, manager, due_offset_days=21)
    client.force_login(manager)
    form = client.get(reverse("plans:template_item_edit", args=[item.pk])).context["form"]
    assert (form.initial["offset"], form.initial["offset_unit"]) == (3, "weeks")
    # The item itself is not offered as what it waits for.
    offered = [value for value, _label in form.fields["waits_for"].widget.choices]
    assert item.pk not in offered


def test_removing_asks_first_and_says_what_is_released(client, template, manager):
    read = _titem(template, "Läs riktlinjen för barnutredningar")
    client.force_login(manager)
    url = reverse("plans:template_item_remove", args=[read.pk])
    ask = _html(client.get(url))
    assert "Gå bredvid på ett hembesök" in ask and "De slutar vänta" in ask
    response = client.post(url, {"revision": template.revision}, follow=True)
    html = _html(response)
    assert "är borttagen ur mallen" in html
    assert "”Gå bredvid på ett hembesök” väntade på den borttagna punkten" in html
    assert not TemplateItem.objects.filter(pk=read.pk).exists()


def test_manager_applies_the_new_version_to_chosen_plans_and_is_told_per_plan(
    client, plan, template, manager, other_newcomer, other_unit
):
    other_manager = UserFactory(roles=[(Role.MANAGER, other_unit)])
    plan_create(newcomer=other_newcomer, template=template, by=other_manager, start_date=START)
    v2 = _version_two(template, manager)
    client.force_login(manager)
    page = client.get(_template_page(v2))
    assert page.context["view"].appliable == [plan]  # the other unit's plan is not offered
    url = reverse("plans:template_apply", args=[v2.pk])
    preview = client.post(url, {"plans": [plan.pk]})
    assert "Läs om orosanmälningar" in _html(preview)
    plan.refresh_from_db()
    assert plan.template == template  # the first post only shows what would change
    form = preview.context["form"]
    dates = {name: form[name].value() for name in form.fields}
    response = client.post(url, {"plans": [plan.pk], "confirm": "1", **dates}, follow=True)
    assert (
        f"Planen för {plan.newcomer}: 1 punkt tillagd, 1 punkt borttagen, 2 punkter ändrade."
        in _html(response)
    )
    plan.refresh_from_db()
    assert plan.template == v2
    plan_page = _html(client.get(reverse("plans:plan_detail", args=[plan.pk])))
    assert "Läs om orosanmälningar" in plan_page and "Ny mallversion införd" in plan_page


def test_a_forged_plan_id_changes_nothing(client, plan, template, manager, other_newcomer):
    other_manager = UserFactory(roles=[(Role.MANAGER, other_newcomer.unit)])
    theirs = plan_create(
        newcomer=other_newcomer, template=template, by=other_manager, start_date=START
    )
    v2 = _add(template, manager).template
    client.force_login(manager)
    response = client.post(
        reverse("plans:template_apply", args=[v2.pk]),
        {"plans": [plan.pk, theirs.pk]},
        follow=True,
    )
    assert "Du kan bara föra över pågående planer som du får ändra" in _html(response)
    for one in (plan, theirs):
        one.refresh_from_db()
        assert one.template == template
    assert not PlanEvent.objects.filter(kind=PlanEvent.Kind.TEMPLATE_APPLIED).exists()
    empty = client.post(reverse("plans:template_apply", args=[v2.pk]), {}, follow=True)
    assert "Välj minst en plan" in _html(empty)


def test_the_plan_list_links_to_the_templates_for_managers_only(client, manager, newcomer):
    client.force_login(manager)
    assert "Planmallar" in _html(client.get(reverse("plans:plan_list")))
    client.force_login(newcomer)
    assert "Planmallar" not in _html(client.get(reverse("plans:plan_list")))


def test_templates_are_in_the_audit_log(template, manager):
    from auditlog.models import LogEntry

    change = _add(template, manager)
    assert LogEntry.objects.get_for_object(change.item).exists()
    assert LogEntry.objects.get_for_object(template).exists()


def test_the_new_version_is_offered_for_new_plans(plan, template, manager, other_newcomer):
    v2 = _add(template, manager).template
    offered = list(selectors.templates_for(newcomer=other_newcomer))
    assert v2 in offered and template not in offered
    assert IntroductionPlan.objects.get().template == template


def test_an_administrator_changes_a_template_in_another_units_area(template, admin_user):
    unit = UnitFactory(area=Area.objects.get(code="aldre"))
    made = template_create(by=admin_user, name="Äldre", area=unit.area)
    assert admin_user.has_perm("plans.change_template", made)


def test_the_demo_has_a_second_version_with_plans_left_on_the_first(client, demo_city):
    from django.core.management import call_command

    from lms.accounts.models import User

    call_command("load_demo", force=True)  # a second run makes no third version
    versions = PlanTemplate.objects.filter(family="barn-och-unga").order_by("version")
    assert [(t.version, t.is_current) for t in versions] == [(1, False), (2, True)]
    v1, v2 = versions
    assert v2.plans.count() == 1
    assert v1.plans.filter(newcomer__email="nyanstalld@demo.test").exists()
    chef = User.objects.get(email="chef@demo.test")
    client.force_login(chef)
    view = client.get(reverse("plans:template_detail", args=[v2.pk])).context["view"]
    assert view.can_change and len(view.appliable) >= 1


def test_applying_after_time_away_keeps_the_time_gained(plan, template, manager):
    """A plan reopened after leave has moved its open items; a new version moves them
    only by what the template changed."""
    plan_close(plan=plan, by=manager, reason="Föräldraledig")
    closed_on = timezone.localdate(plan.events.first().at)
    plan.refresh_from_db()
    plan_reopen(plan=plan, by=manager, resume_on=closed_on + datetime.timedelta(30))
    visit = plan.items.get(title="Gå bredvid på ett hembesök")
    moved = visit.due_date
    v2 = _version_two(template, manager)
    plan.refresh_from_db()
    template_apply(template=v2, plans=[plan], by=manager)
    visit.refresh_from_db()
    assert visit.due_date == moved + datetime.timedelta(days=28 - 20)
