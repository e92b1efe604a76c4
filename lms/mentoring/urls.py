from django.urls import path

from . import views

app_name = "mentoring"

urlpatterns = [
    path("", views.pool, name="pool"),
    path("appoint/", views.appoint, name="appoint"),
    path("me/", views.me, name="me"),
    path("profiles/<int:pk>/", views.profile_edit, name="profile_edit"),
    path("profiles/<int:pk>/leave/", views.profile_leave, name="profile_leave"),
    path("newcomers/<int:pk>/", views.newcomer, name="newcomer"),
    path("pairings/<int:pk>/end/", views.pairing_end, name="pairing_end"),
    path("pairings/<int:pk>/fit/", views.fit, name="fit"),
    path("pairings/<int:pk>/new-mentor/", views.change_request, name="change_request"),
    path("requests/<int:pk>/close/", views.request_close, name="request_close"),
]
