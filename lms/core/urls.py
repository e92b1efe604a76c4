from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("start/", views.start, name="start"),
]
