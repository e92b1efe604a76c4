from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST, require_safe

from lms.accounts.models import Role
from lms.core import bounds
from lms.core.actions import perform, submit
from lms.core.forms import apply_errors
from lms.core.permissions import permission_required, require
from lms.core.reasons import ReasonForm
from lms.documents import plan as plan_print

from . import extensions, selectors
from .documents import pdf_filename, plan_document
from .forms import (
    ItemForm,
    PlanCloseForm,
    PlanCreateForm,
    PlanEditForm,
    PlanReopenForm,
    ReflectionForm,
    TemplateApplyDatesForm,
    TemplateApplyForm,
    TemplateForm,
    TemplateItemForm,
)
from .models import PlanItem, PlanTemplate, TemplateItem
from .services import creation, lifecycle, template_versions
from .services import items as item_services
from .services import templates as template_services


def _item_for(request, pk: int) -> PlanItem:
    """An item of a plan the viewer may see; 404 for any other."""
    visible = selectors.plan_list(viewer=request.user).values("pk")
    return get_object_or_404(
        PlanItem.objects.select_related("plan", "waits_for").filter(plan__in=visible), pk=pk
    )


@login_required
def plan_list(request):
    user = request.user
    show_closed = request.GET.get("closed") == "1"
    return render(
        request,
        "plans/plan_list.html",
        {
            # Lazy: read only when the rendered table is not in the fragment cache.
            "plans": SimpleLazyObject(
                lambda: selectors.plan_rows(viewer=user, include_closed=show_closed)
            ),
            "today": timezone.localdate(),
            "show_closed": show_closed,
            "can_create": bool(user.managed_unit_ids) or user.has_role(Role.ADMIN),
        },
    )


@login_required
def plan_mine(request):
    """The newcomer's own plan at an address that never changes (a bookmark, the menu)."""
    plan = selectors.own_active_plan(person=request.user)
    if plan is None:
        return render(request, "plans/plan_none.html")
    return _render_plan(request, plan)


@login_required
def plan_detail(request, pk: int):
    return _render_plan(request, selectors.plan_get(viewer=request.user, pk=pk))


def _render_plan(request, plan):
    return render(
        request,
        "plans/plan_detail.html",
        {
            "view": SimpleLazyObject(lambda: selectors.plan_view(plan=plan, viewer=request.user)),
            "plan": plan,
            "today": timezone.localdate(),
            "is_newcomer": plan.newcomer_id == request.user.pk,
            "can_change": request.user.has_perm("plans.change_plan", plan),
            # Sections added by the apps built on plans (sessions, mentor, check-ins).
            "panels": extensions.panels_for(plan, request.user),
        },
    )


@login_required
def plan_create(request):
    user = request.user
    if not (user.managed_unit_ids or user.has_role(Role.ADMIN)):
        raise PermissionDenied
    newcomers = selectors.plannable_newcomers(viewer=user)
    chosen = None
    if request.method == "POST" or request.GET.get("newcomer"):
        wanted = request.POST.get("newcomer") or request.GET.get("newcomer")
        wanted = bounds.whole_number(wanted)
        chosen = newcomers.filter(pk=wanted).first() if wanted is not None else None
    templates = selectors.templates_for(newcomer=chosen) if chosen else selectors.templates()
    # Supervisors of the chosen newcomer's unit, or of the manager's units. The mentor
    # is paired in lms.mentoring, from ranked suggestions.
    units = {chosen.unit_id} if chosen else user.managed_unit_ids
    form = PlanCreateForm(
        request.POST or None,
        initial={"newcomer": chosen, "template": templates.first() if chosen else None},
        newcomers=newcomers,
        templates=templates,
        supervisors=selectors.supervisor_choices(viewer=user, unit_ids=units),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = creation.plan_create(
                newcomer=data["newcomer"],
                template=data["template"],
                by=user,
                supervisor=data["supervisor"],
                start_date=data["start_date"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("Planen för %(name)s är skapad med %(n)s punkter.")
                % {"name": plan.newcomer, "n": plan.items.count()},
            )
            return redirect("plans:plan_detail", pk=plan.pk)
    return render(request, "plans/plan_form.html", {"form": form, "chosen": chosen})


# -- items ------------------------------------------------------------------------------


def _back_to(request, item) -> str:
    """The plan page the person came from, at the item: "mine" for the newcomer."""
    if item.plan.newcomer_id == request.user.pk:
        return f"{reverse('plans:plan_mine')}#item-{item.pk}"
    return f"{item.plan.get_absolute_url()}#item-{item.pk}"


# Lazy: built at import, translated per request.
ACTIONS = {
    "complete": (item_services.plan_item_complete, gettext_lazy("”%(title)s” är klar.")),
    "request-signoff": (
        item_services.plan_item_request_signoff,
        gettext_lazy("Du har begärt godkännande av ”%(title)s”."),
    ),
    "signoff": (item_services.plan_item_signoff, gettext_lazy("”%(title)s” är godkänd.")),
    "reopen": (item_services.plan_item_reopen, gettext_lazy("”%(title)s” är öppnad igen.")),
}


@login_required
@require_POST
def item_action(request, pk: int, action: str):
    if action not in ACTIONS:
        raise PermissionDenied
    item = _item_for(request, pk)
    service, done_message = ACTIONS[action]
    kwargs = {}
    if action == "complete":
        # One form serves the whole page: each item's reflection has its own name.
        form = ReflectionForm({"reflection": request.POST.get(f"reflection-{item.pk}", "")})
        kwargs["reflection"] = form.cleaned_data["reflection"] if form.is_valid() else ""
    perform(
        request,
        lambda: service(item=item, by=request.user, **kwargs),
        str(done_message) % {"title": item.title},
    )
    return redirect(_back_to(request, item))


@login_required
def item_remove(request, pk: int):
    """A page that says what removing does and asks why; the post removes. The reason
    goes into the plan's history, which everyone on the plan reads."""
    item = _item_for(request, pk)
    require(request, "plans.change_plan", item.plan)
    if item.removed_at or item.plan.status != item.plan.Status.ACTIVE:
        messages.info(request, _("Punkten är redan borttagen eller planen är avslutad."))
        return redirect(item.plan.get_absolute_url())
    form = ReasonForm(
        request.POST if request.method == "POST" else None,
        help_text=_("Står i planens historik, som alla som ser planen kan läsa."),
    )
    if request.method == "POST" and form.is_valid():
        try:
            item_services.plan_item_remove(item=item, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("”%(title)s” är borttagen ur planen.") % {"title": item.title}
            )
            return redirect(item.plan.get_absolute_url())
    return render(
        request,
        "plans/item_remove.html",
        {
            "form": form,
            "item": item,
            "plan": item.plan,
            "waiting": selectors.items_waiting_for(item=item),
        },
    )


@login_required
def item_edit(request, pk: int):
    item = _item_for(request, pk)
    require(request, "plans.change_plan", item.plan)
    initial = {name: getattr(item, name) for name in item_services.EDITABLE}
    form = ItemForm(request.POST or None, initial={**initial, "revision": item.revision})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        revision = data.pop("revision")
        try:
            item_services.plan_item_update(
                item=item, by=request.user, revision=revision if revision else -1, **data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Punkten är ändrad."))
            return redirect(_back_to(request, item))
    return render(request, "plans/item_form.html", {"form": form, "item": item, "plan": item.plan})


@login_required
def item_add(request, pk: int):
    plan = selectors.plan_get(viewer=request.user, pk=pk)
    require(request, "plans.change_plan", plan)
    form = ItemForm(request.POST or None, initial={"responsible": "newcomer", "kind": "task"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        data.pop("revision")
        try:
            item = item_services.plan_item_add(plan=plan, by=request.user, **data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Punkten är tillagd."))
            return redirect(f"{plan.get_absolute_url()}#item-{item.pk}")
    return render(request, "plans/item_form.html", {"form": form, "plan": plan})


# -- the plan as a whole ------------------------------------------------------------------


def _plan_for_change(request, pk: int):
    plan = selectors.plan_get(viewer=request.user, pk=pk)
    require(request, "plans.change_plan", plan)
    return plan


@login_required
def plan_edit(request, pk: int):
    plan = _plan_for_change(request, pk)
    form = PlanEditForm(
        request.POST or None,
        initial={
            "start_date": plan.start_date,
            "supervisor": plan.supervisor,
            "revision": plan.revision,
        },
        supervisors=selectors.supervisor_choices(viewer=request.user, unit_ids={plan.unit_id}),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            lifecycle.plan_update(plan=plan, by=request.user, **data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Planen är ändrad."))
            return redirect(plan)
    return render(request, "plans/plan_edit.html", {"form": form, "plan": plan})


@login_required
def plan_close(request, pk: int):
    plan = _plan_for_change(request, pk)
    form = PlanCloseForm(request.POST or None)
    if response := submit(
        request,
        form,
        lambda data: lifecycle.plan_close(plan=plan, by=request.user, reason=data["reason"]),
        done=_("Planen är stängd. Den finns kvar och kan öppnas igen."),
        then=lambda _result: plan,
    ):
        return response
    return render(request, "plans/plan_close.html", {"form": form, "plan": plan})


@login_required
def plan_reopen(request, pk: int):
    plan = _plan_for_change(request, pk)
    form = PlanReopenForm(request.POST or None)
    if response := submit(
        request,
        form,
        lambda data: lifecycle.plan_reopen(plan=plan, by=request.user, resume_on=data["resume_on"]),
        done=_("Planen är öppnad igen."),
        then=lambda _result: plan,
    ):
        return response
    return render(request, "plans/plan_reopen.html", {"form": form, "plan": plan})


@login_required
@require_POST
def plan_signoff(request, pk: int):
    plan = selectors.plan_get(viewer=request.user, pk=pk)
    perform(
        request,
        lambda: lifecycle.plan_signoff(plan=plan, by=request.user),
        _("Planen är godkänd och avslutad."),
    )
    return redirect(plan)


# -- the printed plan -------------------------------------------------------------------


@login_required
@require_safe
def plan_pdf(request, pk: int):
    """The plan as a PDF, for whoever may see the plan page (anyone else gets 404)."""
    plan = selectors.plan_get(viewer=request.user, pk=pk)
    document = plan_document(plan=plan, viewer=request.user)
    response = HttpResponse(plan_print.render(document), content_type="application/pdf")
    filename = pdf_filename(plan=plan, printed_on=document.printed_on)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # One person's plan: no shared cache may keep it, and no browser cache on disk either.
    patch_cache_control(response, private=True, no_store=True)
    return response


# -- templates ----------------------------------------------------------------------------------


def _template_for(request, pk: int) -> PlanTemplate:
    """A template version for those who may see templates (else 403); 404 if none."""
    require(request, "plans.manage_templates")
    return selectors.template_get(viewer=request.user, pk=pk)


def _template_item_for(request, pk: int) -> TemplateItem:
    require(request, "plans.manage_templates")
    visible = selectors.template_list(viewer=request.user).values("pk")
    item = get_object_or_404(
        TemplateItem.objects.select_related("template__area", "module", "waits_for").filter(
            template__in=visible
        ),
        pk=pk,
    )
    require(request, "plans.change_template", item.template)
    return item


def _show_errors(form, error: ValidationError) -> None:
    """A service's errors on the form; the offset is one field on the form."""
    if hasattr(error, "error_dict") and "due_offset_days" in error.error_dict:
        error.error_dict["offset"] = error.error_dict.pop("due_offset_days")
    apply_errors(form, error)


def _changed(request, change: template_services.TemplateChange, done: str) -> None:
    """Tell the person what a template change did: a used version is never changed."""
    if not change.changed:
        messages.info(request, _("Inget ändrades."))
        return
    if change.new_version:
        messages.success(
            request,
            ngettext(
                "Mallen används av %(n)s plan. Ändringen sparades i en ny version, "
                "v%(version)s; planen behåller sin version tills du för över den.",
                "Mallen används av %(n)s planer. Ändringen sparades i en ny version, "
                "v%(version)s; planerna behåller sin version tills du för över dem.",
                change.plans,
            )
            % {"n": change.plans, "version": change.template.version},
        )
    else:
        messages.success(request, done)
    if change.released:
        messages.info(
            request,
            ngettext(
                "%(titles)s väntade på den borttagna punkten och väntar inte längre.",
                "%(titles)s väntade på den borttagna punkten och väntar inte längre.",
                len(change.released),
            )
            % {"titles": ", ".join(f"”{title}”" for title in change.released)},
        )


def _template_url(change: template_services.TemplateChange, anchor: str = "") -> str:
    return reverse("plans:template_detail", args=[change.template.pk]) + anchor


def _template_form(request, template=None) -> TemplateForm:
    user = request.user
    initial = {}
    if template is not None:
        initial = {
            "name": template.name,
            "name_en": template.name_en,
            "description": template.description,
            "area": template.area_id,
            "newcomer_kind": template.newcomer_kind,
            "revision": template.revision,
        }
    return TemplateForm(
        request.POST or None,
        initial=initial,
        areas=selectors.areas_for_templates(viewer=user),
        allow_general=user.has_role(Role.ADMIN),
    )


@login_required
@permission_required("plans.manage_templates")
def template_list(request):
    return render(
        request,
        "plans/template_list.html",
        {
            # Lazy: read only when the rendered table is not in the fragment cache.
            "templates": SimpleLazyObject(lambda: selectors.template_rows(viewer=request.user)),
            "can_add": request.user.has_perm("plans.add_template"),
        },
    )


@login_required
def template_detail(request, pk: int):
    template = _template_for(request, pk)
    view = selectors.template_view(template=template, viewer=request.user)
    return render(request, "plans/template_detail.html", {"view": view, "template": template})


@login_required
@permission_required("plans.add_template")
def template_create(request):
    form = _template_form(request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        data.pop("revision")
        try:
            template = template_services.template_create(by=request.user, **data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Mallen är skapad. Lägg nu till punkterna."))
            return redirect("plans:template_detail", pk=template.pk)
    return render(request, "plans/template_form.html", {"form": form})


@login_required
def template_edit(request, pk: int):
    template = _template_for(request, pk)
    require(request, "plans.change_template", template)
    form = _template_form(request, template)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        revision = data.pop("revision")
        try:
            change = template_services.template_update(
                template=template, by=request.user, revision=revision or -1, **data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            _changed(request, change, _("Mallen är ändrad."))
            return redirect(_template_url(change))
    return render(
        request,
        "plans/template_form.html",
        {
            "form": form,
            "template": template,
            "plan_count": template_services.template_plan_count(template),
        },
    )


def _item_form(request, template, item=None) -> TemplateItemForm:
    items = list(selectors.template_items(template=template))
    for other in items:
        other.offset_label = selectors.offset_label(other.due_offset_days)
    initial = {"kind": "task", "responsible": "newcomer", "offset_unit": "days"}
    if item is not None:
        initial = TemplateItemForm.initial_for(item)
    return TemplateItemForm(
        request.POST or None,
        initial={**initial, "revision": template.revision},
        modules=selectors.template_modules(keep=item.module if item else None),
        items=template.items.all(),
        others=[other for other in items if item is None or other.pk != item.pk],
    )


def _template_item_page(request, template, form, save, done: str, item=None):
    """The item form, for adding and for editing: only the service call differs."""
    if request.method == "POST" and form.is_valid():
        revision = form.cleaned_data["revision"]
        try:
            change = save(revision=revision or -1, **form.service_values())
        except ValidationError as error:
            _show_errors(form, error)
        else:
            _changed(request, change, done)
            return redirect(_template_url(change, f"#titem-{change.item.pk}"))
    context = {"form": form, "template": template}
    if item is not None:
        context["item"] = item
    context["plan_count"] = template_services.template_plan_count(template)
    return render(request, "plans/template_item_form.html", context)


@login_required
def template_item_add(request, pk: int):
    template = _template_for(request, pk)
    require(request, "plans.change_template", template)
    return _template_item_page(
        request,
        template,
        _item_form(request, template),
        partial(template_services.template_item_add, template=template, by=request.user),
        _("Punkten är tillagd."),
    )


@login_required
def template_item_edit(request, pk: int):
    item = _template_item_for(request, pk)
    template = item.template
    return _template_item_page(
        request,
        template,
        _item_form(request, template, item),
        partial(template_services.template_item_update, item=item, by=request.user),
        _("Punkten är ändrad."),
        item=item,
    )


@login_required
def template_item_remove(request, pk: int):
    """A page that asks first (and says what waits for the item); the post removes."""
    item = _template_item_for(request, pk)
    template = item.template
    error = None
    if request.method == "POST":
        revision = bounds.whole_number(request.POST.get("revision"))
        try:
            change = template_services.template_item_remove(
                item=item, by=request.user, revision=-1 if revision is None else revision
            )
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            _changed(
                request,
                change,
                _("”%(title)s” är borttagen ur mallen.") % {"title": item.title},
            )
            return redirect(_template_url(change))
    return render(
        request,
        "plans/template_item_remove.html",
        {
            "item": item,
            "template": template,
            "waiting": template.items.filter(waits_for=item).order_by("due_offset_days", "pk"),
            "plan_count": template_services.template_plan_count(template),
            "error": error,
        },
    )


def _applied_message(result: template_versions.ApplyResult) -> str:
    parts = []
    if result.added:
        parts.append(
            ngettext("%(n)s punkt tillagd", "%(n)s punkter tillagda", result.added)
            % {"n": result.added}
        )
    if result.removed:
        parts.append(
            ngettext("%(n)s punkt borttagen", "%(n)s punkter borttagna", result.removed)
            % {"n": result.removed}
        )
    if result.changed:
        parts.append(
            ngettext("%(n)s punkt ändrad", "%(n)s punkter ändrade", result.changed)
            % {"n": result.changed}
        )
    if result.kept:
        parts.append(
            ngettext(
                "%(n)s lämnad orörd eftersom den ändrats i planen",
                "%(n)s lämnade orörda eftersom de ändrats i planen",
                result.kept,
            )
            % {"n": result.kept}
        )
    if not parts:
        return _(
            "Planen för %(name)s följer nu den nya versionen; inga punkter behövde ändras."
        ) % {"name": result.plan.newcomer}
    return _("Planen för %(name)s: %(result)s.") % {
        "name": result.plan.newcomer,
        "result": ", ".join(parts),
    }


@login_required
@require_POST
def template_apply(request, pk: int):
    """The chosen plans first show what joins them and when it is due (a day already
    passed is marked, and another suggested); only the confirmed form applies."""
    template = _template_for(request, pk)
    form = TemplateApplyForm(
        request.POST,
        plans=selectors.template_appliable_plans(template=template, viewer=request.user),
    )
    if not form.is_valid():
        for error in form.errors.get("plans", []):
            messages.error(request, error)
        return redirect(f"{reverse('plans:template_detail', args=[template.pk])}#apply-heading")
    plans = form.cleaned_data["plans"].select_related(
        "template", "newcomer", "unit__administration"
    )
    preview = selectors.template_apply_preview(
        template=template, plans=plans, today=timezone.localdate()
    )
    confirmed = "confirm" in request.POST
    dates = TemplateApplyDatesForm(
        request.POST if confirmed else None, template=template, preview=preview
    )
    if confirmed and dates.is_valid():
        try:
            results = template_versions.template_apply(
                template=template, plans=plans, by=request.user, due_dates=dates.due_dates()
            )
        except ValidationError as error:
            dates.add_error(None, error)
        else:
            for result in results:
                messages.success(request, _applied_message(result))
            return redirect(f"{reverse('plans:template_detail', args=[template.pk])}#apply-heading")
    context = {"template": template, "form": dates, "preview": preview}
    return render(request, "plans/template_apply.html", context)
