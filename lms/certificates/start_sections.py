"""The coordinator's start page shows the certificates a corrected attendance has put
in doubt, so nobody has to remember to look at the certificate list."""

from lms.accounts.models import Role
from lms.core.start import section

from . import selectors


@section(
    "certificates-review",
    roles=(Role.COORDINATOR,),
    template="certificates/start/review.html",
    order=49,
)
def _to_review(viewer):
    certificates = list(selectors.certificates_to_review(viewer=viewer)[:20])
    return {"to_review": certificates} if certificates else None
