from django.urls import path

from . import views
from .dashboard.urls import urlpatterns as dashboard_urlpatterns

app_name = "supervision"

# The session log lives under sessions/ and follow-ups/; the dashboards have the rest.
urlpatterns = [
    path("sessions/", views.session_list, name="session_list"),
    path("sessions/new/", views.session_create, name="session_create"),
    path("sessions/<int:pk>/", views.session_detail, name="session_detail"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("sessions/<int:pk>/cancel/", views.session_cancel, name="session_cancel"),
    path("sessions/<int:pk>/held/", views.session_held, name="session_held"),
    path("sessions/<int:pk>/reflection/", views.session_reflection, name="session_reflection"),
    path("sessions/<int:pk>/follow-ups/new/", views.follow_up_add, name="follow_up_add"),
    path("follow-ups/<int:pk>/done/", views.follow_up_done, name="follow_up_done"),
    path("follow-ups/<int:pk>/plan-item/", views.follow_up_plan_item, name="follow_up_plan_item"),
    *dashboard_urlpatterns,
]
