"""Mounted at the site root: the feed addresses are a stable public contract."""

from django.urls import path

from . import views

app_name = "feeds"

urlpatterns = [
    path("calendar/programme.ics", views.programme_feed, name="programme"),
    path("calendar/modules/<slug:slug>.ics", views.module_feed, name="module"),
    path("calendar/u/<str:token>.ics", views.personal_feed, name="personal"),
    # Under /profile/ so the two-factor requirement applies (it lets /calendar/ through).
    path("profile/calendar/new/", views.token_issue, name="token_issue"),
    path("profile/calendar/revoke/", views.token_revoke, name="token_revoke"),
]
