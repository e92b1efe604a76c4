from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.figures_page, name="figures"),
    path("export.csv", views.figures_csv, name="figures_csv"),
    path("report.pdf", views.figures_pdf, name="figures_pdf"),
]
