from django.urls import path, re_path

from . import views

app_name = "identity"

urlpatterns = [
    path("people/to-complete/", views.people_to_complete, name="people_to_complete"),
]

#: allauth's OpenID Connect views under its own addresses (lms.urls puts these first),
#: with a clear page instead of a server error when the provider cannot be read.
provider_urlpatterns = [
    re_path(r"^accounts/oidc/(?P<provider_id>[^/]+)/login/$", views.login),
    re_path(r"^accounts/oidc/(?P<provider_id>[^/]+)/login/callback/$", views.callback),
]
