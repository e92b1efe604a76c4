import rules

from lms.accounts.rules import can_administer_people

# The people a directory sign-in brought in, waiting for HR to add unit and start date.
rules.add_perm("identity.list_people_to_complete", can_administer_people)
