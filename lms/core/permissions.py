"""The one way a view asks "may this person do this?".

The answer is always `request.user.has_perm(perm, obj)`, so the rules in lms/*/rules.py
decide for everybody, administrators and superusers included (see lms.accounts.rules and
lms.accounts.models.User.has_perm). A refusal is 403, or 404 with `hide=True` where the
page must not even say that the thing exists.

    @login_required
    @permission_required("programme.manage_sessions")
    def session_list(request): ...

    @login_required
    def pairing_end(request, pk):
        pairing = selectors.pairing_get(viewer=request.user, pk=pk)  # 404 if unseen
        require(request, "mentoring.end_pairing", pairing)  # 403 if seen but not allowed
        ...

Put `@login_required` above the decorator, as on every signed-in page: a visitor who is
not signed in is sent to the sign-in page, never told 403.
"""

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404

ObjectSource = Callable[..., object] | type[models.Model] | None


def require(request, perm: str, obj=None, *, hide: bool = False) -> None:
    """Refuse (403, or 404 with `hide`) unless the signed-in user has `perm` on `obj`."""
    if not request.user.has_perm(perm, obj):
        raise Http404 if hide else PermissionDenied


def _fetch(source: ObjectSource, lookup: dict[str, str], request, kwargs: dict):
    if source is None:
        return None
    if isinstance(source, type) and issubclass(source, models.Model):
        # 404 for a row that does not exist, as get_object_or_404 answers everywhere.
        return get_object_or_404(source, **{field: kwargs[name] for field, name in lookup.items()})
    return source(request, **kwargs)


def permission_required(
    perm: str,
    obj: ObjectSource = None,
    *,
    lookup: dict[str, str] | None = None,
    hide: bool = False,
):
    """A view decorator that calls `require` before the view runs.

    `obj` is the object the rule is asked about: None for a rule about the person alone,
    a callable `(request, **view_kwargs) -> object`, or a model, fetched by `lookup`
    ({model field: view keyword}, by default {"pk": "pk"}) with 404 when there is none.
    """
    lookup = lookup or {"pk": "pk"}

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            require(request, perm, _fetch(obj, lookup, request, kwargs), hide=hide)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
