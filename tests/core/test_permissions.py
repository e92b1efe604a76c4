"""The one permission helper (lms.core.permissions) and that views use nothing else."""

import ast
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from lms.accounts.models import User
from lms.core.permissions import permission_required, require

pytestmark = pytest.mark.django_db
LMS = Path(__file__).resolve().parents[2] / "lms"


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def _ok(request, **kwargs):
    return HttpResponse("ok")


def test_require_lets_through_whom_the_rule_allows(manager, newcomer):
    require(_request(manager), "checkins.view_overview")
    require(_request(manager), "accounts.change_person", newcomer)


def test_require_refuses_with_403_or_404_when_asked_to_hide(newcomer, other_newcomer):
    with pytest.raises(PermissionDenied):
        require(_request(newcomer), "checkins.view_overview")
    with pytest.raises(PermissionDenied):
        require(_request(newcomer), "accounts.change_person", other_newcomer)
    with pytest.raises(Http404):
        require(_request(newcomer), "accounts.change_person", other_newcomer, hide=True)


def test_the_rules_decide_for_a_superuser_too(admin_user, newcomer):
    """Django would let a superuser do anything; the product's rules are asked instead:
    an administrator administers people, but answers no check-in in a newcomer's name
    and is not a unit manager."""
    require(_request(admin_user), "accounts.change_person", newcomer)
    with pytest.raises(PermissionDenied):
        require(_request(admin_user), "checkins.view_overview")
    view = permission_required("checkins.view_overview")(_ok)
    with pytest.raises(PermissionDenied):
        view(_request(admin_user))


def test_the_decorator_asks_before_the_view_runs(manager, newcomer):
    ran = []

    def view(request):
        ran.append(request.user)
        return HttpResponse("ok")

    guarded = permission_required("checkins.view_overview")(view)
    with pytest.raises(PermissionDenied):
        guarded(_request(newcomer))
    assert ran == []
    assert guarded(_request(manager)).status_code == 200
    assert ran == [manager]


def test_the_decorator_fetches_the_object_with_a_callable(manager, newcomer, other_newcomer):
    seen = []

    def person(request, pk):
        seen.append((request.user, pk))
        return User.objects.get(pk=pk)

    guarded = permission_required("accounts.change_person", obj=person)(_ok)
    assert guarded(_request(manager), pk=newcomer.pk).status_code == 200
    assert seen == [(manager, newcomer.pk)]
    with pytest.raises(PermissionDenied):
        guarded(_request(manager), pk=other_newcomer.pk)
    hidden = permission_required("accounts.change_person", obj=person, hide=True)(_ok)
    with pytest.raises(Http404):
        hidden(_request(manager), pk=other_newcomer.pk)


def test_the_decorator_fetches_a_model_by_its_lookup(manager, newcomer, other_newcomer):
    by_pk = permission_required("accounts.change_person", obj=User)(_ok)
    assert by_pk(_request(manager), pk=newcomer.pk).status_code == 200
    with pytest.raises(PermissionDenied):
        by_pk(_request(manager), pk=other_newcomer.pk)
    with pytest.raises(Http404):
        by_pk(_request(manager), pk=other_newcomer.pk + newcomer.pk + 1000)
    by_email = permission_required("accounts.change_person", obj=User, lookup={"email": "who"})(_ok)
    assert by_email(_request(manager), who=newcomer.email).status_code == 200


def test_an_inactive_account_is_refused(manager):
    manager.is_active = False
    with pytest.raises(PermissionDenied):
        require(_request(manager), "checkins.view_overview")


def _hand_rolled_checks(tree: ast.AST) -> list[int]:
    """Lines of `if not ....has_perm(...): raise PermissionDenied` and of functions named
    `_require*`: the copies the helper replaces."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name.startswith("_require"):
            found.append(node.lineno)
        if (
            isinstance(node, ast.If)
            and isinstance(node.test, ast.UnaryOp)
            and isinstance(node.test.op, ast.Not)
            and isinstance(node.test.operand, ast.Call)
            and getattr(node.test.operand.func, "attr", "") == "has_perm"
            and any(
                isinstance(stmt, ast.Raise) and "PermissionDenied" in ast.unparse(stmt)
                for stmt in node.body
            )
        ):
            found.append(node.lineno)
    return sorted(found)


def test_views_ask_permissions_only_through_the_helper():
    copies = {}
    for path in sorted(LMS.glob("*/views*.py")):
        lines = _hand_rolled_checks(ast.parse(path.read_text()))
        if lines:
            copies[str(path.relative_to(LMS))] = lines
    assert not copies, f"use lms.core.permissions (require or permission_required): {copies}"


def test_the_guard_finds_a_hand_rolled_check():
    source = (
        "def view(request):\n"
        "    if not request.user.has_perm('x.y'):\n"
        "        raise PermissionDenied\n"
        "def _require(request, perm):\n"
        "    pass\n"
    )
    assert _hand_rolled_checks(ast.parse(source)) == [2, 4]
