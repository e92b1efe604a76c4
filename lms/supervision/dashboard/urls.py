"""The supervision dashboard's pages, appended to lms/supervision/urls.py."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.dashboard_view, name="dashboard"),
    path("newcomers/<int:pk>/", views.newcomer, name="newcomer"),
    path("absences/<int:pk>/remove/", views.absence_remove, name="absence_remove"),
    path("figures/", views.figures, name="figures"),
]
