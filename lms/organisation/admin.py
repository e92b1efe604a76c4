from django.contrib import admin

from .models import Administration, Area, Municipality, Unit, WorkGroup


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Administration)
class AdministrationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "municipality"]
    list_filter = ["kind", "municipality"]
    search_fields = ["name"]


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "code", "position"]
    list_editable = ["position"]


class WorkGroupInline(admin.TabularInline):
    model = WorkGroup
    extra = 0
    raw_id_fields = ["lead"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "administration", "area"]
    list_filter = ["area", "administration"]
    list_select_related = ["administration", "area"]
    search_fields = ["name", "administration__name"]
    inlines = [WorkGroupInline]


@admin.register(WorkGroup)
class WorkGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "unit"]
    list_select_related = ["unit"]
    search_fields = ["name", "unit__name"]
    raw_id_fields = ["lead"]
