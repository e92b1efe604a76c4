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
name the mentor. The panel holds forms, so its HTML is not fragment-cached; its data is,
under the mentoring and people versions, so a cached plan page reads nothing for it.
"""

import rules
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts.cache import people_version
from lms.core import versions
from lms.plans.extensions import register_panel

from . import selectors
from .caching import MENTORING
from .forms import FitForm
from .models import Fit, MentorPairing


def _cached(key: str, build):
    return versions.cached(MENTORING, f"panel:{key}:p{people_version()}", build)


def _fit_form(pairing: MentorPairing, answer, other) -> FitForm:
    return FitForm(
        initial={"answer": answer.answer if answer else None},
        prefix=f"fit-{pairing.pk}",
        about=_("Passar det bra med %(name)s?") % {"name": other},
    )


def build(plan, viewer):
    newcomer = plan.newcomer
    today = timezone.localdate()
    if rules.has_perm("mentoring.pair", viewer, newcomer):

        def manager_side():
            history = selectors.pairing_history(newcomer=newcomer)
            return {
                "current": next((p for p in history if p.ended_on is None), None),
                "earlier": [p for p in history if p.ended_on is not None],
                "open_request": selectors.open_request(newcomer=newcomer),
            }

        data = _cached(f"manager:{newcomer.pk}", manager_side)
        return {"side": "manager", "newcomer": newcomer, "today": today, **data}
    if plan.newcomer_id == viewer.pk:

        def newcomer_side():
            current = selectors.running_pairing(newcomer=viewer)
            if current is None:
                return {"current": None}
            return {
                "current": current,
                "mine": selectors.own_fit(pairing=current, person=viewer),
                "open_request": selectors.open_request(newcomer=viewer),
            }

        data = _cached(f"newcomer:{viewer.pk}", newcomer_side)
        current, mine = data["current"], data.get("mine")
        if current is None:
            return {"side": "newcomer", "current": None}
        return {
            "side": "newcomer",
            "current": current,
            "mine": mine,
            "form": _fit_form(current, mine, current.mentor),
            "can_answer": current.starts_on <= today,
            "not_good": bool(mine and mine.answer == Fit.NOT_GOOD),
            "open_request": data["open_request"],
        }
    if plan.mentor_id == viewer.pk:

        def mentor_side():
            current = (
                MentorPairing.objects.filter(
                    newcomer_id=plan.newcomer_id, mentor=viewer, ended_on=None
                )
                .select_related("newcomer")
                .first()
            )
            mine = selectors.own_fit(pairing=current, person=viewer) if current else None
            return {"current": current, "mine": mine}

        data = _cached(f"mentor:{viewer.pk}:{plan.newcomer_id}", mentor_side)
        current, mine = data["current"], data["mine"]
        if current is None:
            return None
        return {
            "side": "mentor",
            "current": current,
            "mine": mine,
            "form": _fit_form(current, mine, newcomer),
            "can_answer": current.starts_on <= today,
        }
    return None


register_panel("mentoring", template="mentoring/panel.html", build=build, order=10)
