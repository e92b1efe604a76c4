from django.contrib import admin

from .models import (
    Attendance,
    CourseSession,
    Enrolment,
    Evaluation,
    Module,
    ModuleCompletion,
    Part,
    Programme,
    SessionDay,
)


class PartInline(admin.TabularInline):
    model = Part
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "version", "valid_from", "is_current"]
    inlines = [PartInline]


@admin.register(Module)
class ModuleAdmin(admin.ModelAdmin):
    list_display = ["title", "part", "length_days", "position"]
    list_filter = ["part__programme", "part"]
    search_fields = ["title", "title_en"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["areas", "prerequisites"]


class SessionDayInline(admin.TabularInline):
    model = SessionDay
    extra = 0


@admin.register(CourseSession)
class CourseSessionAdmin(admin.ModelAdmin):
    list_display = ["module", "first_day_cache", "status", "capacity", "place"]
    list_filter = ["status", "module__part"]
    list_select_related = ["module", "module__part"]
    search_fields = ["module__title", "place"]
    inlines = [SessionDayInline]
    readonly_fields = ["sequence", "first_day_cache", "created_by"]


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ["person", "session", "status", "queued_at"]
    list_filter = ["status"]
    list_select_related = ["person", "session", "session__module"]
    search_fields = ["person__email", "person__last_name"]
    raw_id_fields = ["person", "session", "nominated_by"]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["enrolment", "day", "status"]
    raw_id_fields = ["enrolment", "day", "marked_by"]


@admin.register(ModuleCompletion)
class ModuleCompletionAdmin(admin.ModelAdmin):
    list_display = ["person", "module", "completed_on"]
    raw_id_fields = ["person", "session", "recorded_by"]
    search_fields = ["person__email", "person__last_name"]


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    # No person column: evaluations are read per session, never next to a name.
    list_display = ["session", "rating", "created_at"]
    fields = ["session", "rating", "comment", "created_at"]
    readonly_fields = ["session", "rating", "comment", "created_at"]

    def has_add_permission(self, request):
        return False
