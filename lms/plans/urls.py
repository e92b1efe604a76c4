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
    # Before the one-click actions: removing asks first, on a page of its own.
    path("items/<int:pk>/remove/", views.item_remove, name="item_remove"),
    path("items/<int:pk>/<slug:action>/", views.item_action, name="item_action"),
    path("<int:pk>/plan.pdf", views.plan_pdf, name="plan_pdf"),
    # Templates: managers and administrators (plans.manage_templates).
    path("templates/", views.template_list, name="template_list"),
    path("templates/new/", views.template_create, name="template_create"),
    path("templates/<int:pk>/", views.template_detail, name="template_detail"),
    path("templates/<int:pk>/edit/", views.template_edit, name="template_edit"),
    path("templates/<int:pk>/items/new/", views.template_item_add, name="template_item_add"),
    path("templates/<int:pk>/apply/", views.template_apply, name="template_apply"),
    path("templates/items/<int:pk>/edit/", views.template_item_edit, name="template_item_edit"),
    path(
        "templates/items/<int:pk>/remove/",
        views.template_item_remove,
        name="template_item_remove",
    ),
]
