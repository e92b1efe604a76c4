"""Pages: my notices, my e-mail choices, one-click unsubscribe, the notification log."""

import datetime

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from lms.core import bounds
from lms.core.permissions import permission_required

from . import selectors, services
from .forms import LogFilterForm, PreferencesForm
from .kinds import get
from .models import Preference
from .rules import log_kinds


def _page_number(request) -> int:
    return bounds.whole_number(request.GET.get("page"), max_digits=6) or 1


@login_required
def notification_list(request):
    page = selectors.inbox_page(user=request.user, page=_page_number(request))
    return render(request, "notifications/list.html", {"page": page})


@login_required
@require_POST
def notification_open(request, pk: int):
    notice = selectors.own_notice(user=request.user, pk=pk)
    if notice is None:
        raise Http404
    services.mark_read(request.user, [notice.pk])
    if notice.url and url_has_allowed_host_and_scheme(
        notice.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(notice.url)
    return redirect("notifications:list")


@login_required
@require_POST
def mark_all_read(request):
    n = services.mark_read(request.user)
    if n:
        messages.success(request, _("Alla notiser är markerade som lästa."))
    return redirect("notifications:list")


@login_required
def preferences(request):
    current = dict(Preference.objects.filter(user=request.user).values_list("kind", "email"))
    form = PreferencesForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        services.set_email_choices(request.user, form.cleaned_data)
        messages.success(request, _("Dina val är sparade."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


# Mail clients post the one-click unsubscribe (RFC 8058) without a CSRF token or a
# session; the signed token in the address is what authorises it.
@csrf_exempt
def unsubscribe(request, token: str):
    found = services.read_unsubscribe_token(token)
    user = get_user_model().objects.filter(pk=found[0], is_active=True).first() if found else None
    if user is None:
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    kind = get(found[1])
    done = False
    if request.method == "POST":
        services.unsubscribe(user, kind.code)
        done = True
    return render(
        request, "notifications/unsubscribe.html", {"kind": kind, "done": done, "token": token}
    )


@login_required
@permission_required("notifications.view_log")
def log(request):
    kinds = log_kinds(request.user)
    form = LogFilterForm(request.GET or None, kinds=kinds)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    page = selectors.log_page(
        viewer=request.user,
        kind=filters.get("kind", ""),
        status=filters.get("status", ""),
        since=filters.get("since"),
        until=filters.get("until"),
        who=filters.get("who", ""),
        page=_page_number(request),
    )
    week_ago = timezone.now() - datetime.timedelta(days=7)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "notifications/log.html",
        {
            "form": form,
            "page": page,
            "failures": selectors.failures_since(viewer=request.user, since=week_ago),
            "query": query.urlencode(),
        },
    )
