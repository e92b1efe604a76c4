import logging

import requests
from allauth.socialaccount.providers.openid_connect import views as oidc_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from lms.core.permissions import permission_required

from . import selectors

logger = logging.getLogger(__name__)

PEOPLE_PER_PAGE = 50


def _provider_unreachable(request, error: Exception):
    # allauth reads the provider's discovery document outside its own error handling:
    # a wrong issuer address, a provider that is down or answers with something other
    # than its configuration would otherwise be a server error.
    logger.warning("identity provider unreachable or misconfigured: %r", error)
    return render(request, "identity/provider_unreachable.html", status=502)


def login(request, provider_id):
    try:
        return oidc_views.login(request, provider_id)
    except (requests.RequestException, KeyError, ValueError) as error:
        return _provider_unreachable(request, error)


def callback(request, provider_id):
    try:
        return oidc_views.callback(request, provider_id)
    except (requests.RequestException, KeyError, ValueError) as error:
        return _provider_unreachable(request, error)


@login_required
@permission_required("identity.list_people_to_complete")
def people_to_complete(request):
    people = selectors.people_to_complete(viewer=request.user)
    page = Paginator(people, PEOPLE_PER_PAGE).get_page(request.GET.get("page", "1")[:10])
    return render(
        request,
        "identity/people_to_complete.html",
        {"page": page, "people": page.object_list, "q": ""},
    )
