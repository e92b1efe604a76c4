"""The supervision dashboard: following newcomers' supervision over the first year.

The mentor's, supervisor's and manager's cards (`/supervision/`), one newcomer's weeks
and absences, HR's counts per unit, and the start-page sections. Built on the session
log (the app's models, rules and selectors) and on `lms.supervision.compliance`.
"""
