"""The demo city's logins (README.md lists them; all with the password "demo").

One list for every test that walks the demo as each of its people; the browser journeys'
`ROLES` (tests/e2e/helpers.py) name the same people with the heading each one's start
page shows.
"""

DEMO_LOGINS = (
    "nyanstalld@demo.test",
    "nyanstalld2@demo.test",
    "mentor@demo.test",
    "handledare@demo.test",
    "chef@demo.test",
    "samordnare@demo.test",
    "hr@demo.test",
    "admin@demo.test",  # a superuser
    "redaktor@demo.test",
    "granskare@demo.test",
)
