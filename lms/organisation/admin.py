from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Administration, Area, ClosedDay, Municipality, Unit, WorkGroup


class MunicipalityForm(forms.ModelForm):
    class Meta:
        model = Municipality
        fields = ["name", "slug", "one_to_one_every_weeks", "one_to_one_months"]
        # Help texts here rather than on the model: the same words, without a migration.
        help_texts = {
            "one_to_one_every_weeks": _(
                "1 betyder en 1:1 med handledaren varje vecka. Veckor utan 1:1 flaggas för "
                "handledaren och chefen, utom veckor med markerad frånvaro."
            ),
            "one_to_one_months": _(
                "Hur länge förväntan på regelbunden 1:1-handledning gäller, räknat från "
                "den nyanställdas första dag. Därefter ges handledning vid behov."
            ),
        }


class ClosedDayInline(admin.TabularInline):
    """The municipality's own closed days, next to its expectation of 1:1s: both decide
    which weeks count. Public holidays are not entered: they come with the product."""

    model = ClosedDay
    extra = 0
    fields = ["date", "name"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    form = MunicipalityForm
    inlines = [ClosedDayInline]
    list_display = ["name", "slug", "one_to_one_every_weeks", "one_to_one_months"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "slug"]}),
        (
            _("Handledning under första tiden"),
            {"fields": ["one_to_one_every_weeks", "one_to_one_months"]},
        ),
    ]


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


@admin.register(ClosedDay)
class ClosedDayAdmin(admin.ModelAdmin):
    list_display = ["date", "name", "municipality"]
    list_filter = ["municipality"]
    list_select_related = ["municipality"]
    date_hierarchy = "date"
    search_fields = ["name"]
