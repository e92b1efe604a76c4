from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("mine/", views.plan_mine, name="plan_mine"),
    path("new/", views.plan_create, name="plan_create"),
    path("<int:pk>/", views.plan_detail, name="plan_detail"),
    path("<int:pk>/items/new/", views.item_add, name="item_add"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:pk>/<slug:action>/", views.item_action, name="item_action"),
    path("<int:pk>/plan.pdf", views.plan_pdf, name="plan_pdf"),
]
