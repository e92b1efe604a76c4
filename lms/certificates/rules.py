"""Who may issue, download and revoke certificates: the single source for views,
selectors and services.

The person themself, the manager of their unit, course coordinators and administrators.
Mentors and supervisors see the plan, but a certificate speaks for the organisation, so
they do not issue one; HR follows figures, not people. selectors.certificate_list and
selectors.person_list are the queryset twins.
"""

import rules

from lms.accounts.rules import is_self, manages_person
from lms.programme.rules import runs_programme


@rules.predicate
def holds_certificate(user, certificate) -> bool:
    return certificate is not None and certificate.person_id == user.pk


@rules.predicate
def manages_holder(user, certificate) -> bool:
    return certificate is not None and manages_person.test(user, certificate.person)


# obj = the person
rules.add_perm("certificates.view_person", is_self | manages_person | runs_programme)
rules.add_perm("certificates.issue_certificate", is_self | manages_person | runs_programme)
# obj = the certificate. Not "view_certificate": that is the Django admin's model
# permission, which keeps Django's answer (lms.accounts.rules, point 5).
rules.add_perm(
    "certificates.download_certificate", holds_certificate | manages_holder | runs_programme
)
# Taking back what the organisation certified is for those who run the programme.
rules.add_perm("certificates.revoke_certificate", runs_programme)
