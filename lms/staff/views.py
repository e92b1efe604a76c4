"""The staff import page for HR and administrators: upload, preview, commit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lms.core.permissions import permission_required

from . import demo
from .forms import ImportForm
from .parsing import FileRefused, Table
from .selectors import import_preview
from .services import staff_import_commit
from .uploads import upload_forget, upload_get, upload_keep


@login_required
@permission_required("staff.import_people")
def import_start(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        token = upload_keep(request, form.cleaned_data["file"], full=form.cleaned_data["full"])
        return redirect("staff:import_preview", token=token)
    context = {"form": form, "demo_export": demo.export_file() is not None}
    return render(request, "staff/import_form.html", context)


@login_required
@permission_required("staff.import_people")
def demo_export(request):
    """The demo's own HR export (written by load_demo), to try the import with; there is
    none outside a demo installation."""
    path = demo.export_file()
    if path is None:
        raise Http404
    # A few kilobytes: read whole, like the other downloads (no streaming response).
    response = HttpResponse(path.read_bytes(), content_type="text/csv; charset=windows-1252")
    response["Content-Disposition"] = f'attachment; filename="{path.name}"'
    return response


def _kept(request, token: str):
    kept = upload_get(request, token)
    if kept is None:
        raise Http404
    return kept


@login_required
@permission_required("staff.import_people")
def import_preview_page(request, token: str):
    path, kept = _kept(request, token)
    try:
        preview = import_preview(table=Table(path), full=kept["full"])
    except FileRefused as refusal:
        upload_forget(request)
        context = {"form": ImportForm(), "refusal": refusal.message}
        return render(request, "staff/import_form.html", context, status=400)
    context = {"preview": preview, "token": token, "name": kept["name"], "full": kept["full"]}
    return render(request, "staff/import_preview.html", context)


@login_required
@permission_required("staff.import_people")
@require_POST
def import_commit(request, token: str):
    path, kept = _kept(request, token)
    try:
        preview = staff_import_commit(table=Table(path), by=request.user, full=kept["full"])
    except FileRefused as refusal:
        messages.error(request, refusal.message)
        return redirect("staff:import_start")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("staff:import_preview", token=token)
    upload_forget(request)
    counts = preview.counts
    messages.success(
        request,
        _("Importen är genomförd: %(new)s nya, %(changed)s ändrade, %(leaving)s slutar.")
        % {"new": counts["new"], "changed": counts["changed"], "leaving": counts["leaving"]},
    )
    return redirect("accounts:person_list")
