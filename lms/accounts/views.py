import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lms.core import bounds
from lms.core.actions import perform
from lms.core.caching import cached_value
from lms.core.forms import apply_errors
from lms.core.middleware import SUPPORTED
from lms.core.permissions import permission_required, require
from lms.organisation.selectors import unit_choices_for

from . import selectors, services
from .forms import PersonForm, ProfileForm
from .models import Role

PEOPLE_PER_PAGE = 50


@login_required
def profile(request):
    user = request.user
    form = ProfileForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_update(user=user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Din profil är sparad."))
            return redirect("accounts:profile")
    return render_profile(request, form=form)


def render_profile(request, *, form=None, **extra):
    """The profile page; other apps' profile actions render it with their own context
    (the calendar app shows a new feed link once this way)."""
    user = request.user
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form if form is not None else ProfileForm(instance=user),
            "roles": selectors.roles_of(person=user),
            **extra,
        },
    )


@login_required
@permission_required("accounts.list_people")
def person_list(request):
    search, refusal = bounds.query_text(request.GET, "q")
    if refusal:
        # Nothing is searched for, and the list is not shown as if it had been.
        context = {"table": None, "q": "", "search_error": refusal}
        return render(request, "accounts/person_list.html", context, status=400)
    page_number = request.GET.get("page", "1")[:10]
    return render(
        request,
        "accounts/person_list.html",
        {"table": _person_table(request.user, search, page_number), "q": search},
    )


def _person_table(viewer, search: str, page_number: str) -> dict:
    """The rendered table and who is in it, cached under the people version: the list
    changes only when people, roles or units do."""
    if viewer.has_role(Role.ADMIN) or viewer.has_role(Role.HR):
        scope = "all"
    else:
        scope = ",".join(map(str, sorted(viewer.managed_unit_ids))) or f"self-{viewer.pk}"
    digest = hashlib.sha256(f"{search}|{page_number}".encode()).hexdigest()[:32]

    def build() -> dict:
        people = selectors.person_directory(viewer=viewer, search=search)
        page = Paginator(people, PEOPLE_PER_PAGE).get_page(page_number)
        context = {"page": page, "people": page.object_list, "q": search}
        return {
            "html": render_to_string("accounts/includes/person_table.html", context),
            "ids": [person.pk for person in page.object_list],
            "count": page.paginator.count,
        }

    return cached_value("person-table", scope, digest, build=build)


@login_required
def person_detail(request, pk: int):
    person = selectors.person_get(viewer=request.user, pk=pk)
    return render(
        request,
        "accounts/person_detail.html",
        {
            "person": person,
            "roles": selectors.roles_of(person=person),
            "can_change": request.user.has_perm("accounts.change_person", person),
        },
    )


@login_required
@permission_required("accounts.register_person")
def person_create(request):
    form = PersonForm(
        request.POST or None,
        units=unit_choices_for(viewer=request.user),
        roles=services.grantable_roles(by=request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = services.person_register(
                by=request.user,
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                title=data["title"],
                unit=data["unit"],
                start_date=data["start_date"],
                newcomer_kind=data["newcomer_kind"],
                roles=set(data["roles"]),
                send_invitation=data["send_invitation"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("%(name)s är registrerad.") % {"name": person})
            if data["send_invitation"]:
                messages.info(
                    request, _("En inbjudan skickas till %(email)s.") % {"email": person.email}
                )
            return redirect("accounts:person_detail", pk=person.pk)
    return render(request, "accounts/person_form.html", {"form": form, "person": None})


@login_required
def person_update(request, pk: int):
    person = selectors.person_get(viewer=request.user, pk=pk)
    require(request, "accounts.change_person", person)
    editing_self = person.pk == request.user.pk
    initial = {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": person.email,
        "title": person.title,
        "unit": person.unit,
        "start_date": person.start_date,
        "end_date": person.end_date,
        "newcomer_kind": person.newcomer_kind,
        "roles": selectors.hand_given_roles(person=person),
    }
    form = PersonForm(
        request.POST or None,
        initial=initial,
        units=unit_choices_for(viewer=request.user),
        roles=services.grantable_roles(by=request.user),
        editing=True,
        editing_self=editing_self,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.person_update(
                person=person,
                by=request.user,
                first_name=data["first_name"],
                last_name=data["last_name"],
                title=data["title"],
                unit=data["unit"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                newcomer_kind=data["newcomer_kind"],
                roles=set(data["roles"]) if "roles" in data else None,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Ändringarna är sparade."))
            return redirect("accounts:person_detail", pk=person.pk)
    return render(
        request,
        "accounts/person_form.html",
        {
            "form": form,
            "person": person,
            "own_roles": selectors.roles_of(person=person) if editing_self else None,
            "sourced_roles": [] if editing_self else selectors.roles_from_sources(person=person),
        },
    )


@login_required
@require_POST
def person_invite(request, pk: int):
    person = selectors.person_get(viewer=request.user, pk=pk)
    perform(
        request,
        lambda: services.person_invite(person=person, by=request.user),
        _("En inbjudan skickas till %(email)s.") % {"email": person.email},
    )
    return redirect("accounts:person_detail", pk=person.pk)


@require_POST
def set_language(request):
    language = request.POST.get("language", "")
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    if language in SUPPORTED:
        services.language_set(user=request.user, language=language)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=365 * 24 * 3600,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            httponly=True,
        )
    return response
