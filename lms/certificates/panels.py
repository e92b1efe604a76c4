"""The certificates section of the plan page (lms.plans.extensions).

The newcomer on their own plan, the unit's manager and administrators see, per part
and for the whole programme, how many modules are done and either the button that
issues the certificate or the link to download it. Mentors and supervisors see the plan
but get no section: they do not issue certificates. Deciding costs no query; the
progress is read lazily, and the section's HTML is cached under the certificates,
programme, plans and people versions, so a cached plan page reads nothing.
"""

import rules
from django.utils.functional import SimpleLazyObject

from lms.plans.extensions import register_panel

from . import selectors


def _build(plan, viewer):
    person = plan.newcomer
    if not rules.has_perm("certificates.view_person", viewer, person):
        return None
    return {
        "person": person,
        "progress": SimpleLazyObject(lambda: selectors.progress(person=person)),
        "can_issue": rules.has_perm("certificates.issue_certificate", viewer, person),
    }


def register() -> None:
    register_panel("certificates", template="certificates/panel.html", build=_build, order=80)
