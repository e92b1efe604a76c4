"""Editing plan templates.

A template version that any plan was made from is never changed: the first change to it
makes the next version (a copy whose items keep their lineage) and is saved there. The
plans keep their version until their manager applies the new one
(template_versions.template_apply)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext as _

from lms.accounts.models import NewcomerKind, User
from lms.programme.models import Module

from ..models import (
    IntroductionPlan,
    ItemKind,
    PlanItem,
    PlanTemplate,
    Responsible,
    TemplateItem,
)
from .dates import phase_for

#: The due offsets a template item may have, in days from the first day.
OFFSET_RANGE = (-90, 800)


@dataclass
class TemplateChange:
    """What a change to a template did, for the message to the person."""

    template: PlanTemplate  # the version the change was saved in
    item: TemplateItem | None = None
    changed: bool = True  # False: the form said what the template already said
    new_version: bool = False  # the edited version was in use, so this one was made
    plans: int = 0  # how many plans use the version that was edited
    released: list[str] = field(default_factory=list)  # items that no longer wait


def template_plan_count(template: PlanTemplate) -> int:
    return IntroductionPlan.objects.filter(template=template).count()


def _template_in_use(template: PlanTemplate) -> int | bool:
    plans = template_plan_count(template)
    return plans or PlanItem.objects.filter(template_item__template=template).exists()


def _template_locked(template: PlanTemplate, revision: int) -> PlanTemplate:
    locked = PlanTemplate.objects.select_for_update().get(pk=template.pk)
    if locked.revision != revision:
        raise ValidationError(
            _(
                "Någon annan har ändrat mallen medan du skrev. Läs in sidan igen och gör din "
                "ändring på nytt."
            )
        )
    if not locked.is_current:
        raise ValidationError(
            _("Det här är en äldre version av mallen. Gör ändringen i den gällande versionen.")
        )
    return locked


def _template_next_version(
    source: PlanTemplate, by: User
) -> tuple[PlanTemplate, dict[int, TemplateItem]]:
    """A copy of the header and every item as the family's next version, current at once.
    The items keep their lineage, and what waited for an item waits for its copy."""
    latest = PlanTemplate.objects.filter(family=source.family).aggregate(v=Max("version"))["v"]
    # One current version per family (a database constraint): the old one steps down
    # first. Its revision moves on too, so a form still open on it is refused.
    source.is_current = False
    source.revision += 1
    source.save(update_fields=["is_current", "revision", "updated_at"])
    copy = PlanTemplate.objects.create(
        family=source.family,
        version=latest + 1,
        is_current=True,
        name=source.name,
        name_en=source.name_en,
        description=source.description,
        area_id=source.area_id,
        newcomer_kind=source.newcomer_kind,
        created_by=by,
    )
    items = list(source.items.order_by("pk"))
    copies = {
        item.pk: TemplateItem(
            template=copy,
            lineage=item.lineage,
            phase=item.phase,
            title=item.title,
            description=item.description,
            kind=item.kind,
            responsible=item.responsible,
            module_id=item.module_id,
            link_url=item.link_url,
            position=item.position,
            due_offset_days=item.due_offset_days,
        )
        for item in items
    }
    TemplateItem.objects.bulk_create(copies.values())
    linked = []
    for item in items:
        if item.waits_for_id in copies:
            copies[item.pk].waits_for = copies[item.waits_for_id]
            linked.append(copies[item.pk])
    TemplateItem.objects.bulk_update(linked, ["waits_for"])
    return copy, copies


def _template_writable(
    locked: PlanTemplate, by: User
) -> tuple[PlanTemplate, dict[int, TemplateItem] | None, int]:
    """The version a change may be saved in: this one if no plan was made from it, else
    a new one. Also the copies of the items (by the old item's id) and the plan count."""
    used = _template_in_use(locked)
    if not used:
        return locked, None, 0
    copy, copies = _template_next_version(locked, by)
    return copy, copies, int(used)


def _template_saved(template: PlanTemplate) -> None:
    template.revision += 1
    template.save(update_fields=["revision", "updated_at"])  # bumps the plans version


def _clean_template(
    *,
    by: User,
    name: str,
    name_en: str,
    description: str,
    area,
    newcomer_kind: str,
    area_changed: bool,
) -> dict:
    errors = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = _("Mallen behöver ett namn.")
    if newcomer_kind not in ("", *NewcomerKind.values):
        errors["newcomer_kind"] = _("Välj en typ av nyanställd i listan.")
    if area_changed and not by.has_perm("plans.create_template", area):
        errors["area"] = (
            _("Bara en administratör kan göra en mall för alla verksamhetsområden.")
            if area is None
            else _("Du kan bara välja verksamhetsområden som dina enheter hör till.")
        )
    if errors:
        raise ValidationError(errors)
    return {
        "name": name,
        "name_en": (name_en or "").strip(),
        "description": (description or "").strip(),
        "area": area,
        "newcomer_kind": newcomer_kind,
    }


def _new_family(name: str) -> str:
    base = slugify(name)[:60] or "mall"
    family, n = base, 1
    while PlanTemplate.objects.filter(family=family).exists():
        n += 1
        family = f"{base}-{n}"
    return family


@transaction.atomic
def template_create(
    *,
    by: User,
    name: str,
    name_en: str = "",
    description: str = "",
    area=None,
    newcomer_kind: str = "",
) -> PlanTemplate:
    """A new template (version 1 of a new family), without items yet."""
    if not by.has_perm("plans.add_template"):
        raise PermissionDenied
    values = _clean_template(
        by=by,
        name=name,
        name_en=name_en,
        description=description,
        area=area,
        newcomer_kind=newcomer_kind,
        area_changed=True,
    )
    return PlanTemplate.objects.create(
        family=_new_family(values["name"]), version=1, is_current=True, created_by=by, **values
    )


@transaction.atomic
def template_update(
    *,
    template: PlanTemplate,
    by: User,
    revision: int,
    name: str,
    name_en: str = "",
    description: str = "",
    area=None,
    newcomer_kind: str = "",
) -> TemplateChange:
    """Change the header: name (and its English), description, area, kind of newcomer."""
    if not by.has_perm("plans.change_template", template):
        raise PermissionDenied
    locked = _template_locked(template, revision)
    area_id = area.pk if area is not None else None
    values = _clean_template(
        by=by,
        name=name,
        name_en=name_en,
        description=description,
        area=area,
        newcomer_kind=newcomer_kind,
        area_changed=area_id != locked.area_id,
    )
    current = {
        "name": locked.name,
        "name_en": locked.name_en,
        "description": locked.description,
        "area": locked.area_id,
        "newcomer_kind": locked.newcomer_kind,
    }
    if current == {**values, "area": area_id}:
        return TemplateChange(template=locked, changed=False)
    target, _copies, plans = _template_writable(locked, by)
    for name_, value in values.items():
        setattr(target, name_, value)
    target.revision += 1
    target.save()
    return TemplateChange(template=target, new_version=target.pk != locked.pk, plans=plans)


def _waits_on(items: dict[int, TemplateItem], start: int, target: int) -> bool:
    """Does item `start` wait for `target`, directly or through other items?"""
    seen = set()
    current = items[start].waits_for_id
    while current is not None and current not in seen:
        if current == target:
            return True
        seen.add(current)
        current = items[current].waits_for_id if current in items else None
    return False


def _clean_template_item(items: dict[int, TemplateItem], item_pk: int | None, values: dict) -> dict:
    """Check one item's fields against the other items of its version."""
    errors = {}
    title = (values.get("title") or "").strip()
    if not title:
        errors["title"] = _("Punkten behöver en rubrik.")
    offset = values.get("due_offset_days")
    low, high = OFFSET_RANGE
    if offset is None or not low <= offset <= high:
        errors["due_offset_days"] = _(
            "Ange en tidpunkt mellan %(before)s dagar före och %(after)s dagar efter första dagen."
        ) % {"before": -low, "after": high}
    if values.get("kind") not in ItemKind.values:
        errors["kind"] = _("Välj en typ i listan.")
    if values.get("responsible") not in Responsible.values:
        errors["responsible"] = _("Välj vem som är ansvarig.")
    if values.get("kind") == ItemKind.MODULE and values.get("module") is None:
        errors["module"] = _("En punkt av typen kursmodul behöver en kursmodul. Välj vilken.")
    link = (values.get("link_url") or "").strip()
    if link:
        try:
            URLValidator(schemes=["http", "https"])(link)
        except ValidationError:
            errors["link_url"] = _("Ange hela webbadressen, till exempel https://…")
    waits_for = values.get("waits_for")
    if waits_for is not None:
        if waits_for.pk not in items:
            errors["waits_for"] = _("En punkt kan bara vänta på en annan punkt i samma mall.")
        elif waits_for.pk == item_pk:
            errors["waits_for"] = _("En punkt kan inte vänta på sig själv.")
        elif item_pk is not None and _waits_on(items, waits_for.pk, item_pk):
            errors["waits_for"] = _(
                "”%(other)s” väntar redan, direkt eller via andra punkter, på den här punkten. "
                "Då skulle ingen av dem kunna öppnas."
            ) % {"other": waits_for.title}
    if errors:
        raise ValidationError(errors)
    return {
        **values,
        "title": title,
        "description": (values.get("description") or "").strip(),
        "link_url": link,
    }


def _template_item_values(values: dict, copies: dict[int, TemplateItem] | None) -> dict:
    """The item's fields as saved in the target version: the phase follows the offset,
    so phases and due dates never disagree, and waiting points at the copy."""
    waits_for = values.get("waits_for")
    if waits_for is not None and copies is not None:
        waits_for = copies[waits_for.pk]
    return {
        "title": values["title"],
        "description": values["description"],
        "kind": values["kind"],
        "responsible": values["responsible"],
        "module": values.get("module"),
        "link_url": values["link_url"],
        "due_offset_days": values["due_offset_days"],
        "phase": phase_for(values["due_offset_days"]),
        "waits_for": waits_for,
    }


@transaction.atomic
def template_item_add(
    *,
    template: PlanTemplate,
    by: User,
    revision: int,
    title: str,
    due_offset_days: int,
    responsible: str,
    kind: str = ItemKind.TASK,
    description: str = "",
    module: Module | None = None,
    link_url: str = "",
    waits_for: TemplateItem | None = None,
) -> TemplateChange:
    if not by.has_perm("plans.change_template", template):
        raise PermissionDenied
    locked = _template_locked(template, revision)
    items = {i.pk: i for i in locked.items.all()}
    values = _clean_template_item(
        items,
        None,
        {
            "title": title,
            "description": description,
            "kind": kind,
            "responsible": responsible,
            "module": module,
            "link_url": link_url,
            "due_offset_days": due_offset_days,
            "waits_for": waits_for,
        },
    )
    target, copies, plans = _template_writable(locked, by)
    last = max((i.position for i in items.values()), default=-1)
    item = TemplateItem.objects.create(
        template=target, position=last + 1, **_template_item_values(values, copies)
    )
    _template_saved(target)
    return TemplateChange(
        template=target, item=item, new_version=target.pk != locked.pk, plans=plans
    )


#: What a template item form may change.
TEMPLATE_ITEM_EDITABLE = (
    "title",
    "description",
    "kind",
    "responsible",
    "module",
    "link_url",
    "due_offset_days",
    "waits_for",
)


@transaction.atomic
def template_item_update(
    *, item: TemplateItem, by: User, revision: int, **changes
) -> TemplateChange:
    """Change one item of the template. `revision` is the template's when the form was
    read; a used version is left as it is and the change lands in the next one."""
    if not by.has_perm("plans.change_template", item.template):
        raise PermissionDenied
    unknown = set(changes) - set(TEMPLATE_ITEM_EDITABLE)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    locked = _template_locked(item.template, revision)
    items = {i.pk: i for i in locked.items.all()}
    if item.pk not in items:
        raise ValidationError(_("Punkten finns inte längre i mallen."))
    current = items[item.pk]
    before = {name: getattr(current, name) for name in TEMPLATE_ITEM_EDITABLE if name in changes}
    values = _clean_template_item(
        items,
        current.pk,
        {name: changes.get(name, getattr(current, name)) for name in TEMPLATE_ITEM_EDITABLE},
    )
    if all(before[name] == values[name] for name in before):
        return TemplateChange(template=locked, item=current, changed=False)
    target, copies, plans = _template_writable(locked, by)
    target_item = copies[current.pk] if copies is not None else current
    for name, value in _template_item_values(values, copies).items():
        setattr(target_item, name, value)
    target_item.save()
    _template_saved(target)
    return TemplateChange(
        template=target, item=target_item, new_version=target.pk != locked.pk, plans=plans
    )


@transaction.atomic
def template_item_remove(*, item: TemplateItem, by: User, revision: int) -> TemplateChange:
    """Take an item out of the template. Items that waited for it no longer wait (their
    titles are in `released`). A used version keeps it: the next version is without it."""
    if not by.has_perm("plans.change_template", item.template):
        raise PermissionDenied
    locked = _template_locked(item.template, revision)
    if not locked.items.filter(pk=item.pk).exists():
        raise ValidationError(_("Punkten finns inte längre i mallen."))
    target, copies, plans = _template_writable(locked, by)
    target_item = copies[item.pk] if copies is not None else item
    waiting = list(target.items.filter(waits_for=target_item).order_by("due_offset_days", "pk"))
    for other in waiting:
        other.waits_for = None
        other.save(update_fields=["waits_for"])
    target_item.delete()
    _template_saved(target)
    return TemplateChange(
        template=target,
        new_version=target.pk != locked.pk,
        plans=plans,
        released=[other.title for other in waiting],
    )
