from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.followup, name="followup"),
    path("export.csv", views.followup_csv, name="followup_csv"),
    path("report.pdf", views.followup_pdf, name="followup_pdf"),
]
