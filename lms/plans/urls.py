from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("mine/", views.plan_mine, name="plan_mine"),
    path("new/", views.plan_create, name="plan_create"),
    path("<int:pk>/", views.plan_detail, name="plan_detail"),
    path("<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("<int:pk>/close/", views.plan_close, name="plan_close"),
    path("<int:pk>/reopen/", views.plan_reopen, name="plan_reopen"),
    path("<int:pk>/signoff/", views.plan_signoff, name="plan_signoff"),
    path("<int:pk>/items/new/", views.item_add, name="item_add"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:pk>/<slug:action>/", views.item_action, name="item_action"),
    path("<int:pk>/plan.pdf", views.plan_pdf, name="plan_pdf"),
]
