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
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from lms.accounts.models import Role
from lms.core.forms import apply_errors
from lms.documents import plan as plan_print

from . import selectors, services
from .documents import pdf_filename, plan_document
from .forms import (
    ItemForm,
    PlanCloseForm,
    PlanCreateForm,
    PlanEditForm,
    PlanReopenForm,
    ReflectionForm,
)
from .models import PlanItem


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
        chosen = newcomers.filter(pk=wanted).first() if str(wanted).isdigit() else None
    templates = selectors.templates_for(newcomer=chosen) if chosen else selectors.templates()
    form = PlanCreateForm(
        request.POST or None,
        initial={"newcomer": chosen, "template": templates.first() if chosen else None},
        newcomers=newcomers,
        templates=templates,
        mentors=selectors.people_with_role(role=Role.MENTOR),
        supervisors=selectors.people_with_role(role=Role.SUPERVISOR),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = services.plan_create(
                newcomer=data["newcomer"],
                template=data["template"],
                by=user,
                mentor=data["mentor"],
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
    "complete": (services.plan_item_complete, gettext_lazy("”%(title)s” är klar.")),
    "request-signoff": (
        services.plan_item_request_signoff,
        gettext_lazy("Du har begärt godkännande av ”%(title)s”."),
    ),
    "signoff": (services.plan_item_signoff, gettext_lazy("”%(title)s” är godkänd.")),
    "reopen": (services.plan_item_reopen, gettext_lazy("”%(title)s” är öppnad igen.")),
    "remove": (services.plan_item_remove, gettext_lazy("”%(title)s” är borttagen ur planen.")),
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
    try:
        service(item=item, by=request.user, **kwargs)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, str(done_message) % {"title": item.title})
    return redirect(_back_to(request, item))


@login_required
def item_edit(request, pk: int):
    item = _item_for(request, pk)
    if not request.user.has_perm("plans.change_plan", item.plan):
        raise PermissionDenied
    initial = {name: getattr(item, name) for name in services.EDITABLE}
    form = ItemForm(request.POST or None, initial={**initial, "revision": item.revision})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        revision = data.pop("revision")
        try:
            services.plan_item_update(
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
    if not request.user.has_perm("plans.change_plan", plan):
        raise PermissionDenied
    form = ItemForm(request.POST or None, initial={"responsible": "newcomer", "kind": "task"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        data.pop("revision")
        try:
            item = services.plan_item_add(plan=plan, by=request.user, **data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Punkten är tillagd."))
            return redirect(f"{plan.get_absolute_url()}#item-{item.pk}")
    return render(request, "plans/item_form.html", {"form": form, "plan": plan})


# -- the plan as a whole ------------------------------------------------------------------


def _plan_for_change(request, pk: int):
    plan = selectors.plan_get(viewer=request.user, pk=pk)
    if not request.user.has_perm("plans.change_plan", plan):
        raise PermissionDenied
    return plan


@login_required
def plan_edit(request, pk: int):
    plan = _plan_for_change(request, pk)
    form = PlanEditForm(
        request.POST or None,
        initial={
            "start_date": plan.start_date,
            "mentor": plan.mentor,
            "supervisor": plan.supervisor,
            "revision": plan.revision,
        },
        mentors=selectors.people_with_role(role=Role.MENTOR),
        supervisors=selectors.people_with_role(role=Role.SUPERVISOR),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.plan_update(plan=plan, by=request.user, **data)
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
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_close(plan=plan, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Planen är stängd. Den finns kvar och kan öppnas igen."))
            return redirect(plan)
    return render(request, "plans/plan_close.html", {"form": form, "plan": plan})


@login_required
def plan_reopen(request, pk: int):
    plan = _plan_for_change(request, pk)
    form = PlanReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_reopen(
                plan=plan, by=request.user, resume_on=form.cleaned_data["resume_on"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Planen är öppnad igen."))
            return redirect(plan)
    return render(request, "plans/plan_reopen.html", {"form": form, "plan": plan})


@login_required
@require_POST
def plan_signoff(request, pk: int):
    plan = selectors.plan_get(viewer=request.user, pk=pk)
    try:
        services.plan_signoff(plan=plan, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Planen är godkänd och avslutad."))
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
