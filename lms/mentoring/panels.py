"""The mentor panel on the plan page (lms.plans.extensions.register_panel).

Each viewer sees their own side of the pairing:
- the newcomer: their mentor, "is this a good fit?" (their own answer only) and the
  way to ask their manager for a new mentor;
- the mentor: the pairing and their own "is this a good fit?" (never the newcomer's
  answer, never a request for a new mentor);
- the newcomer's manager (and administrators): the pairing with both answers, the
  history of earlier pairings, an open request with its message, and the link to the
  pairing page.
Everyone else (the supervisor, for one) sees nothing here; the plan's facts already
name the mentor. The panel's HTML is cached per plan, viewer and side under the
mentoring and people versions (its forms' CSRF tokens are put in per request, see
`{% fragment %}`), and its data under the same versions: a cached plan page reads nothing.
"""

import rules
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from lms.core.caching import cached_value
from lms.plans.extensions import register_panel

from . import selectors
from .forms import FitForm
from .models import Fit, MentorPairing


def _fit_form(pairing: MentorPairing, answer, other) -> FitForm:
    return FitForm(
        initial={"answer": answer.answer if answer else None},
        prefix=f"fit-{pairing.pk}",
        about=_("Passar det bra med %(name)s?") % {"name": other},
    )


def _manager_side(newcomer):
    def build():
        history = selectors.pairing_history(newcomer=newcomer)
        return {
            "current": next((p for p in history if p.ended_on is None), None),
            "earlier": [p for p in history if p.ended_on is not None],
            "open_request": selectors.open_request(newcomer=newcomer),
        }

    # The same for every manager of the newcomer: the key holds the side and the newcomer.
    return cached_value("mentor-panel", "manager", newcomer.pk, build=build)


def _newcomer_side(viewer, today):
    def build():
        current = selectors.running_pairing(newcomer=viewer)
        if current is None:
            return {"current": None}
        return {
            "current": current,
            "mine": selectors.own_fit(pairing=current, person=viewer),
            "open_request": selectors.open_request(newcomer=viewer),
        }

    data = cached_value("mentor-panel", "newcomer", viewer.pk, build=build)
    current, mine = data["current"], data.get("mine")
    if current is None:
        return {"current": None}
    return {
        "current": current,
        "mine": mine,
        "form": _fit_form(current, mine, current.mentor),
        "can_answer": current.starts_on <= today,
        "not_good": bool(mine and mine.answer == Fit.NOT_GOOD),
        "open_request": data["open_request"],
    }


def _mentor_side(plan, viewer, today):
    def build():
        current = (
            MentorPairing.objects.filter(newcomer_id=plan.newcomer_id, mentor=viewer, ended_on=None)
            .select_related("newcomer")
            .first()
        )
        mine = selectors.own_fit(pairing=current, person=viewer) if current else None
        return {"current": current, "mine": mine}

    data = cached_value("mentor-panel", "mentor", viewer.pk, plan.newcomer_id, build=build)
    current, mine = data["current"], data["mine"]
    if current is None:
        return {"current": None}  # the template shows nothing
    return {
        "current": current,
        "mine": mine,
        "form": _fit_form(current, mine, plan.newcomer),
        "can_answer": current.starts_on <= today,
    }


def build(plan, viewer):
    """Which side the viewer sees, decided without a query; the side's data is read
    only when the panel's HTML is not in the fragment cache (templates/mentoring/
    panel.html, keyed by the side and the viewer)."""
    newcomer = plan.newcomer
    today = timezone.localdate()
    if rules.has_perm("mentoring.pair", viewer, newcomer):
        side, read = "manager", lambda: _manager_side(newcomer)
    elif plan.newcomer_id == viewer.pk:
        side, read = "newcomer", lambda: _newcomer_side(viewer, today)
    elif plan.mentor_id == viewer.pk:
        side, read = "mentor", lambda: _mentor_side(plan, viewer, today)
    else:
        return None
    return {"side": side, "newcomer": newcomer, "today": today, "data": SimpleLazyObject(read)}


register_panel("mentoring", template="mentoring/panel.html", build=build, order=10)
