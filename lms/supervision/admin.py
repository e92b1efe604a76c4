"""The session log in the Django admin, for administrators who fix mistakes (a wrong
participant, a session logged twice). The private note is left out everywhere: the
list, the form, the search, the read-only fields and the query itself (deferred), so an
administrator never sees it and saving the form never touches it. What was shared in a
session (the summary, the newcomers' reflections) is between the author and the newcomers
in it, so the admin leaves it out too: an administrator sees that a session happened,
who was in it and what was agreed to follow up."""

from django.contrib import admin

from .audit import PRIVATE_FIELDS
from .models import Absence, FollowUp, Session, SessionParticipant


class SessionParticipantInline(admin.TabularInline):
    model = SessionParticipant
    extra = 0
    fields = ["newcomer", "plan", "reflected_at"]
    readonly_fields = ["reflected_at"]
    raw_id_fields = ["newcomer", "plan"]


class FollowUpInline(admin.TabularInline):
    model = FollowUp
    extra = 0
    fields = ["newcomer", "text", "due_date", "responsible", "plan_item", "done_at"]
    raw_id_fields = ["newcomer", "plan_item"]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["starts_at", "kind", "status", "duration_minutes", "author"]
    list_filter = ["status", "kind"]
    list_select_related = ["author"]
    date_hierarchy = "starts_at"
    search_fields = ["author__email", "author__last_name", "attendees__newcomer__last_name"]
    exclude = [*PRIVATE_FIELDS, "shared_summary"]
    fields = [
        "kind",
        "status",
        "starts_at",
        "duration_minutes",
        "place",
        "author",
        "topics",
        "sequence",
        "revision",
        "created_at",
        "updated_at",
    ]
    readonly_fields = ["sequence", "revision", "created_at", "updated_at"]
    raw_id_fields = ["author", "topics"]
    inlines = [SessionParticipantInline, FollowUpInline]

    def get_queryset(self, request):
        return super().get_queryset(request).defer(*PRIVATE_FIELDS, "shared_summary")

    def save_model(self, request, obj, form, change):
        if change:
            # What a calendar shows may have changed: clients must replace the event.
            obj.sequence += 1
            obj.revision += 1
        super().save_model(request, obj, form, change)


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    list_display = ["text", "newcomer", "due_date", "responsible", "done_at"]
    list_filter = ["responsible"]
    list_select_related = ["newcomer"]
    raw_id_fields = ["session", "newcomer", "plan_item", "done_by"]
    search_fields = ["newcomer__email", "newcomer__last_name"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer(*(f"session__{f}" for f in PRIVATE_FIELDS))


@admin.register(Absence)
class AbsenceAdmin(admin.ModelAdmin):
    list_display = ["newcomer", "kind", "starts_on", "ends_on", "created_by"]
    list_filter = ["kind"]
    list_select_related = ["newcomer", "created_by"]
    raw_id_fields = ["newcomer", "created_by"]
    search_fields = ["newcomer__email", "newcomer__last_name"]
