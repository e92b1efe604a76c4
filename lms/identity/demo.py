"""A person the municipality's directory brought in at their first sign-in.

Signed in before the HR export held them, so they have no unit and no start date yet:
HR's "att komplettera" list (/people/to-complete/) shows them beside the demo's HR and
administrator logins, who belong to no unit. Not in the demo's HR export either
(lms/staff/demo.py): the directory came first, as it does for a new hire whose
employment HR has not registered yet.
"""

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password

from lms.accounts.models import Gender, User

ORDER = 25  # after the people (20)

EMAIL = "leo.virtanen@alvstad.demo.test"


def load(demo) -> None:
    person, _ = User.objects.update_or_create(
        email=EMAIL,
        defaults={
            "first_name": "Leo",
            "last_name": "Virtanen",
            "gender": Gender.MAN,
            "title": "Socialsekreterare",
            "unit": None,
            "start_date": None,
            "end_date": None,
            "directory_id": "4f1c2a7e-demo-4b8e-9d3a-virtanen0001",
            # No password of ours: the directory's sign-in is this person's only way in.
            "password": make_password(None),
            "is_active": True,
            "preferred_language": "sv",
        },
    )
    # The directory does not vouch for the address (Entra does not), so unverified.
    EmailAddress.objects.update_or_create(
        user=person, email=EMAIL, defaults={"primary": True, "verified": False}
    )
    demo.note(f"Directory sign-in to complete: {EMAIL} (no unit or start date yet).")
