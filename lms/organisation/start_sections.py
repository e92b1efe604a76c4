"""The foundation's start-page sections; later capabilities replace them by key."""

from django.utils import timezone

from lms.accounts.models import Role
from lms.core.caching import cached_value, lazy_value
from lms.core.start import always, register, section

from . import selectors as org


@section("newcomer", roles=(Role.NEWCOMER,), template="core/start/newcomer.html", order=10)
def _newcomer(viewer):
    def build():
        return {
            "unit": org.unit_get(unit_id=viewer.unit_id),
            "managers": org.managers_of_unit(unit_id=viewer.unit_id),
        }

    return {
        "person": viewer,
        **cached_value("newcomer-unit", viewer.unit_id, viewer=viewer, build=build),
    }


@section("manager", roles=(Role.MANAGER,), template="core/start/manager.html", order=40)
def _manager(viewer):
    # Lazy: the template caches its rendered HTML, so on a hit this is never unpickled.
    today = timezone.localdate()
    units = sorted(viewer.managed_unit_ids)
    return {
        "today": today,
        "units": lazy_value(
            "manager-units",
            units,
            viewer=viewer,
            build=lambda: org.managed_units_overview(viewer=viewer),
        ),
    }


@section("hr", roles=(Role.HR,), template="core/start/hr.html", order=60)
def _hr(viewer):
    # The same aggregate for every HR viewer; cached until people or units change.
    return {"figures": cached_value("staff-figures", build=org.staff_figures_by_administration)}


register("mentor", roles=(Role.MENTOR,), template="core/start/mentor.html", build=always, order=20)
register(
    "supervisor",
    roles=(Role.SUPERVISOR,),
    template="core/start/supervisor.html",
    build=always,
    order=30,
)
register(
    "coordinator",
    roles=(Role.COORDINATOR,),
    template="core/start/coordinator.html",
    build=always,
    order=50,
)
register("admin", roles=(Role.ADMIN,), template="core/start/admin.html", build=always, order=70)
