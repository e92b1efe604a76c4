from django.contrib import admin

from .models import IntroductionPlan, PlanEvent, PlanItem, PlanTemplate, TemplateItem


class TemplateItemInline(admin.TabularInline):
    model = TemplateItem
    fk_name = "template"
    extra = 0
    fields = ["phase", "title", "kind", "responsible", "due_offset_days", "module", "waits_for"]
    raw_id_fields = ["module", "waits_for"]


@admin.register(PlanTemplate)
class PlanTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "version", "is_current", "area", "newcomer_kind"]
    list_filter = ["is_current", "area"]
    inlines = [TemplateItemInline]


class PlanItemInline(admin.TabularInline):
    model = PlanItem
    fk_name = "plan"
    extra = 0
    fields = ["phase", "title", "responsible", "due_date", "status", "removed_at"]
    readonly_fields = ["removed_at"]


@admin.register(IntroductionPlan)
class IntroductionPlanAdmin(admin.ModelAdmin):
    list_display = ["newcomer", "unit", "start_date", "status"]
    list_filter = ["status", "unit"]
    list_select_related = ["newcomer", "unit"]
    raw_id_fields = ["newcomer", "mentor", "supervisor", "created_by"]
    search_fields = ["newcomer__email", "newcomer__last_name"]
    inlines = [PlanItemInline]


@admin.register(PlanEvent)
class PlanEventAdmin(admin.ModelAdmin):
    list_display = ["plan", "kind", "actor", "at"]
    list_select_related = ["plan__newcomer", "actor"]
    raw_id_fields = ["plan", "item", "actor"]

    def has_change_permission(self, request, obj=None):
        return False  # the history is never edited
