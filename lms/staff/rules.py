"""Who may import the HR export: HR and administrators, who register people anyway."""

import rules

from lms.accounts.rules import is_admin, is_hr

rules.add_perm("staff.import_people", is_admin | is_hr)
