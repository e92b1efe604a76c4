"""Certificates: a person's progress with the buttons to issue and download, the list,
and the public page where anyone checks a code without logging in."""

from allauth.core.internal import ratelimit
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from lms.core.actions import perform
from lms.core.permissions import require
from lms.core.reasons import ReasonForm
from lms.documents import certificate as certificate_print

from . import codes, selectors, services
from .documents import certificate_document, heading, pdf_filename
from .forms import IssueForm, VerifyForm

#: Lookups per client address on the public page: plenty for people typing codes from
#: paper, far too few to walk through ~59 bits of codes.
VERIFY_RATE = {"verify": "30/m/ip,300/h/ip"}


@login_required
@require_safe
def certificate_list(request):
    """The certificates the viewer may download: own, own units', or all for those who
    run the programme."""
    return render(
        request,
        "certificates/certificate_list.html",
        {
            "certificates": list(selectors.certificate_list(viewer=request.user)[:200]),
            "to_review": list(selectors.certificates_to_review(viewer=request.user)),
        },
    )


@login_required
@require_safe
def mine(request):
    return _render_person(request, request.user)


@login_required
@require_safe
def person(request, pk: int):
    return _render_person(request, selectors.person_get(viewer=request.user, pk=pk))


def _render_person(request, person):
    progress = selectors.progress(person=person)
    return render(
        request,
        "certificates/person.html",
        {
            "person": person,
            "progress": progress,
            "is_self": person.pk == request.user.pk,
            "can_issue": request.user.has_perm("certificates.issue_certificate", person),
            "can_revoke": request.user.has_perm("certificates.revoke_certificate"),
        },
    )


@login_required
@require_POST
def issue(request, pk: int):
    person = selectors.person_get(viewer=request.user, pk=pk)
    form = IssueForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Välj vilket intyg som ska skapas."))
        return redirect("certificates:person", pk=person.pk)
    perform(
        request,
        lambda: services.certificate_issue(
            person=person, scope=form.cleaned_data["scope"], by=request.user
        ),
        lambda certificate: (
            _("Intyget är klart: %(heading)s. Kontrollkod %(code)s.")
            % {"heading": heading(certificate.scope), "code": certificate.display_code}
        ),
    )
    return redirect("certificates:person", pk=person.pk)


@login_required
def revoke(request, pk: int):
    """A page that says what revoking does and asks why; the post revokes."""
    certificate = selectors.certificate_get(viewer=request.user, pk=pk)
    require(request, "certificates.revoke_certificate", certificate)
    if certificate.is_revoked:
        messages.info(request, _("Intyget är redan återkallat."))
        return redirect("certificates:person", pk=certificate.person_id)
    form = ReasonForm(
        request.POST if request.method == "POST" else None,
        help_text=_(
            "Sparas med intyget och i granskningsloggen. Den som kontrollerar koden får "
            "bara veta att intyget är återkallat, aldrig varför."
        ),
    )
    if request.method == "POST" and form.is_valid():
        services.certificate_revoke(
            certificate=certificate, by=request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(
            request,
            _("Intyget med kontrollkod %(code)s är återkallat.")
            % {"code": certificate.display_code},
        )
        return redirect("certificates:person", pk=certificate.person_id)
    return render(
        request,
        "certificates/revoke.html",
        {"form": form, "certificate": certificate, "heading": heading(certificate.scope)},
    )


@login_required
@require_safe
def certificate_pdf(request, pk: int):
    """The certificate as a PDF, for whoever may see it (anyone else gets 404)."""
    certificate = selectors.certificate_get(viewer=request.user, pk=pk)
    if certificate.is_revoked:
        messages.error(request, _("Intyget är återkallat och kan inte laddas ner."))
        return redirect("certificates:person", pk=certificate.person_id)
    pdf = certificate_print.render(certificate_document(certificate))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf_filename(certificate)}"'
    # One person's certificate: no shared cache may keep it, nor a browser's disk.
    patch_cache_control(response, private=True, no_store=True)
    return response


# -- the public verification page --------------------------------------------------------


def _limited(request) -> bool:
    """True when this address has asked too often. allauth's limiter: it already knows
    how to find the client's address behind the proxy, and counts in the shared cache."""
    return not ratelimit.consume(
        request, app="lms.certificates", action="verify", config=VERIFY_RATE, limit_get=True
    )


def _public(response: HttpResponse) -> HttpResponse:
    """Never indexed, never kept: a revocation must show at once."""
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
@require_safe
def verify(request):
    """The form. A typed code goes to the code's own address, so the answer can be
    bookmarked or linked from the PDF."""
    form = VerifyForm(request.GET if "kod" in request.GET else None)
    if form.is_bound and form.is_valid():
        code = codes.normalise(form.cleaned_data["kod"])
        if code is not None:
            return _public(redirect("certificates:verify_code", code=codes.display(code)))
        form.add_error("kod", _("Koden ska ha tolv tecken, som på intyget."))
    return _public(render(request, "certificates/verify.html", {"form": form, "state": None}))


@never_cache
@require_safe
def verify_code(request, code: str):
    if _limited(request):
        return _public(
            render(
                request,
                "certificates/verify.html",
                {"form": VerifyForm(), "state": "limited"},
                status=429,
            )
        )
    certificate = selectors.certificate_by_code(code)
    if certificate is None:
        state, status = "unknown", 404
    elif certificate.is_revoked:
        state, status = "revoked", 200
    else:
        state, status = "valid", 200
    context = {"form": VerifyForm(initial={"kod": code}), "state": state}
    if state == "valid":
        context |= {
            "certificate": certificate,
            "heading": heading(certificate.scope),
            "parts": certificate.snapshot.get("parts", []),
        }
    elif state == "revoked":
        context["revoked_on"] = certificate.revoked_at
    return _public(render(request, "certificates/verify.html", context, status=status))
