from django.urls import path

from . import views, views_planning

app_name = "programme"

urlpatterns = [
    path("sessions/", views.session_list, name="session_list"),
    path("sessions/calendar/", views.session_calendar, name="session_calendar"),
    path("sessions/new/", views.session_create, name="session_create"),
    path("sessions/series/", views_planning.session_series, name="session_series"),
    path("sessions/import/", views_planning.session_import, name="session_import"),
    path(
        "sessions/import/confirm/",
        views_planning.session_import_confirm,
        name="session_import_confirm",
    ),
    path("sessions/<int:pk>/", views.session_detail, name="session_detail"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("sessions/<int:pk>/copy/", views.session_copy, name="session_copy"),
    path("sessions/<int:pk>/publish/", views.session_publish, name="session_publish"),
    path("sessions/<int:pk>/cancel/", views.session_cancel, name="session_cancel"),
    path("sessions/<int:pk>/capacity/", views.session_capacity, name="session_capacity"),
    path("sessions/<int:pk>/attendance/", views.session_attendance, name="session_attendance"),
    path("sessions/<int:pk>/evaluations/", views.session_evaluations, name="session_evaluations"),
    path("sessions/<int:pk>/participants.csv", views.participants_csv, name="participants_csv"),
    path("sessions/<int:pk>/attendance.pdf", views.attendance_list_pdf, name="attendance_pdf"),
    path("sessions/<int:pk>/nominate/", views.enrolment_nominate, name="enrolment_nominate"),
    path("sessions/<int:pk>/request/", views.enrolment_request, name="enrolment_request"),
    path("enrolments/<int:pk>/cancel/", views.enrolment_cancel, name="enrolment_cancel"),
    path("enrolments/<int:pk>/approve/", views.enrolment_approve, name="enrolment_approve"),
    path("enrolments/<int:pk>/decline/", views.enrolment_decline, name="enrolment_decline"),
    path("enrolments/<int:pk>/move/", views.enrolment_move, name="enrolment_move"),
    path("enrolments/<int:pk>/evaluate/", views.evaluation_create, name="evaluation_create"),
    path("courses/", views.courses, name="courses"),
    path("versions/", views_planning.programme_versions, name="programme_versions"),
    path(
        "versions/<int:pk>/make-current/",
        views_planning.programme_make_current,
        name="programme_make_current",
    ),
]
