from django.urls import path

from . import views

app_name = "checkins"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("answer/", views.answer, name="answer"),
    path("units/", views.overview, name="overview"),
    path("plans/<int:pk>/", views.plan_checkins, name="plan"),
    path("figures/", views.figures, name="figures"),
]
