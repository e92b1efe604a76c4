from django.urls import path

from . import views

app_name = "certificates"

urlpatterns = [
    path("certificates/", views.certificate_list, name="list"),
    path("certificates/mine/", views.mine, name="mine"),
    path("certificates/people/<int:pk>/", views.person, name="person"),
    path("certificates/people/<int:pk>/issue/", views.issue, name="issue"),
    path("certificates/<int:pk>/intyg.pdf", views.certificate_pdf, name="pdf"),
    path("certificates/<int:pk>/revoke/", views.revoke, name="revoke"),
    # Public, no login: the address printed on every certificate. Never change it.
    path("intyg/", views.verify, name="verify"),
    path("intyg/<str:code>/", views.verify_code, name="verify_code"),
]
