from django.urls import path

from . import views

app_name = "staff"

urlpatterns = [
    path("", views.import_start, name="import_start"),
    # Before the token pattern, which would take the name for a token.
    path("demo-export.csv", views.demo_export, name="demo_export"),
    path("<str:token>/", views.import_preview_page, name="import_preview"),
    path("<str:token>/commit/", views.import_commit, name="import_commit"),
]
