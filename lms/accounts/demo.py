"""Demo people: the eight documented accounts plus about forty colleagues.

Names are fixed (not random) so the demo looks the same every time and reruns
update the same people. Everyone gets the password 'demo'; the hash is made
once, which keeps the command fast.
"""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth.hashers import make_password

from lms.core.demo import DEMO_PASSWORD

from .models import Gender, MfaExemption, NewcomerKind, Role, RoleAssignment, User

ORDER = 20

NORR_BOU = "Barn och unga, utredning Norr"
CENTRUM_EKB = "Ekonomiskt bistånd Centrum"

# email, first, last, gender, title, unit, start (days from today), years in profession,
# newcomer kind, roles (unit-scoped roles take the person's unit)
ACCOUNTS = [
    (
        "nyanstalld@demo.test",
        "Amira",
        "Hassan",
        Gender.WOMAN,
        "Socialsekreterare",
        NORR_BOU,
        -42,
        0,
        NewcomerKind.GRADUATE,
        [Role.NEWCOMER],
    ),
    (
        "nyanstalld2@demo.test",
        "Johan",
        "Lindqvist",
        Gender.MAN,
        "Socialsekreterare",
        CENTRUM_EKB,
        9,
        3,
        NewcomerKind.NEW_TO_MUNICIPALITY,
        [Role.NEWCOMER],
    ),
    (
        "mentor@demo.test",
        "Karin",
        "Berg",
        Gender.WOMAN,
        "Socialsekreterare",
        NORR_BOU,
        -3650,
        12,
        "",
        [Role.MENTOR],
    ),
    (
        "handledare@demo.test",
        "Sofia",
        "Nyström",
        Gender.WOMAN,
        "1:e socialsekreterare",
        NORR_BOU,
        -2900,
        9,
        "",
        [Role.SUPERVISOR],
    ),
    (
        "chef@demo.test",
        "Peter",
        "Ahlgren",
        Gender.MAN,
        "Enhetschef",
        NORR_BOU,
        -2200,
        15,
        "",
        [Role.MANAGER],
    ),
    (
        "samordnare@demo.test",
        "Elin",
        "Sandberg",
        Gender.WOMAN,
        "Utbildningssamordnare",
        "Kompetens och utbildning",
        -1500,
        11,
        "",
        [Role.COORDINATOR],
    ),
    ("hr@demo.test", "Maria", "Ek", Gender.WOMAN, "HR-strateg", None, -2500, 0, "", [Role.HR]),
    ("admin@demo.test", "Admin", "Demo", "", "Systemförvaltare", None, -4000, 0, "", []),
]

FIRST = [
    "Anna",
    "Lena",
    "Fatima",
    "Emma",
    "Sara",
    "Ida",
    "Hanna",
    "Maja",
    "Linnea",
    "Elsa",
    "Nora",
    "Sanna",
    "Ebba",
    "Leila",
    "Klara",
    "Erik",
    "Ahmed",
    "Oskar",
    "Mikael",
    "David",
]
LAST = [
    "Johansson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Larsson",
    "Olsson",
    "Persson",
    "Svensson",
    "Gustafsson",
    "Pettersson",
    "Jonsson",
    "Jansson",
    "Hansson",
    "Bengtsson",
    "Jönsson",
    "Lindberg",
    "Jakobsson",
    "Magnusson",
    "Lindström",
    "Abdi",
]
MEN = {"Erik", "Ahmed", "Oskar", "Mikael", "David"}

#: The HR system's employee numbers of the people above, in their order: 10001 is
#: nyanstalld@demo.test. The staff demo (lms/staff/demo.py) writes them to its export.
FIRST_EMPLOYEE_NUMBER = 10001

#: Stored with each demo login's exemption from two-factor (data, shown in the admin).
DEMO_EXEMPTION_REASON = "Demots inloggning med lösenordet 'demo'"


def exempt_demo_login(user: User) -> None:
    """Visitors try each role at once, without an authenticator app.

    One person at a time, never a role: staff who get the same roles later, in an
    installation that once held the demo, must still set up two-factor."""
    MfaExemption.objects.update_or_create(user=user, defaults={"reason": DEMO_EXEMPTION_REASON})


#: Days since the first day of the graduate newcomers, unit by unit: their plans show the
#: stages of an introduction (week 3, month 5 with part 1 late, the second year, …).
GRADUATE_STARTS = (-16, -150, -450, -90, -240, -45, -300)


def _colleagues(units: dict) -> list[tuple]:
    """About three colleagues per district unit: a manager, a supervisor, case workers.

    Some are newcomers of the last year, so that managers and HR see figures.
    """
    rows = []
    n = 0
    district_units = [name for name in units if name != "Kompetens och utbildning"]
    for u_index, unit in enumerate(district_units):
        staff = [
            ("Enhetschef", [Role.MANAGER], -1800 - 40 * u_index, 14, ""),
            ("1:e socialsekreterare", [Role.SUPERVISOR], -2400 - 30 * u_index, 8, ""),
            ("Socialsekreterare", [Role.MENTOR], -1200 - 25 * u_index, 6, ""),
        ]
        if u_index % 2 == 0:
            staff.append(
                (
                    "Socialsekreterare",
                    [Role.NEWCOMER],
                    GRADUATE_STARTS[(u_index // 2) % len(GRADUATE_STARTS)],
                    0,
                    NewcomerKind.GRADUATE,
                )
            )
        if u_index % 3 == 0:
            staff.append(
                (
                    "Biståndshandläggare" if "äldre" in unit.lower() else "Socialsekreterare",
                    [Role.NEWCOMER],
                    -200 - 10 * u_index,
                    4,
                    NewcomerKind.NEW_TO_AUTHORITY,
                )
            )
        if unit in (NORR_BOU, CENTRUM_EKB):
            continue_staff = staff[2:]  # the demo accounts already lead these two units
            staff = continue_staff
        for title, roles, start, years, kind in staff:
            first = FIRST[n % len(FIRST)]
            # Each round through the first names shifts the surnames one further, so no
            # full name comes back (up to 20 x 20 people); the first round is unchanged.
            last = LAST[(n * 7 + 3 + n // len(FIRST)) % len(LAST)]
            n += 1
            email = f"{first}.{last}.{n}@alvstad.demo.test".lower()
            email = email.replace("å", "a").replace("ä", "a").replace("ö", "o")
            gender = Gender.MAN if first in MEN else Gender.WOMAN
            rows.append((email, first, last, gender, title, unit, start, years, kind, roles))
    return rows


#: Four more newcomers in one unit, started a year or two ago, so that five different
#: people there have answered a work-situation check-in in the last ended half-year and
#: HR's check-in figures show a unit (lms/checkins/demo.py). Fixed names, added after the
#: colleagues so nobody else's address changes, in a unit the demo manager does not lead
#: (the plans demo picks the leaver among chef@demo.test's plans, so it stays the same).
CHECKIN_COHORT_UNIT = "Barn och unga Centrum"
CHECKIN_COHORT = [
    ("hanna.lund@alvstad.demo.test", "Hanna", "Lund", Gender.WOMAN, -330, NewcomerKind.GRADUATE),
    ("ali.yusuf@alvstad.demo.test", "Ali", "Yusuf", Gender.MAN, -380, NewcomerKind.GRADUATE),
    (
        "sofia.aberg@alvstad.demo.test",
        "Sofia",
        "Åberg",
        Gender.WOMAN,
        -520,
        NewcomerKind.NEW_TO_AUTHORITY,
    ),
    ("viktor.holm@alvstad.demo.test", "Viktor", "Holm", Gender.MAN, -620, NewcomerKind.GRADUATE),
]


def _checkin_cohort() -> list[tuple]:
    return [
        (
            email,
            first,
            last,
            gender,
            "Socialsekreterare",
            CHECKIN_COHORT_UNIT,
            start,
            0,
            kind,
            [Role.NEWCOMER],
        )
        for email, first, last, gender, start, kind in CHECKIN_COHORT
    ]


def load(demo) -> None:
    units = demo.objects["units"]
    password = make_password(DEMO_PASSWORD)
    people = {}
    everyone = ACCOUNTS + _colleagues(units) + _checkin_cohort()
    for number, spec in enumerate(everyone, start=FIRST_EMPLOYEE_NUMBER):
        email, first, last, gender, title, unit_name, start, years, kind, roles = spec
        unit = units.get(unit_name) if unit_name else None
        user, _ = User.objects.update_or_create(
            email=email,
            defaults={
                "employee_number": str(number),
                "first_name": first,
                "last_name": last,
                "gender": gender,
                "title": title,
                "unit": unit,
                "start_date": demo.days(start),
                "end_date": None,
                "newcomer_kind": kind,
                "in_profession_since": demo.days(-round(years * 365.25))
                if years
                else (demo.days(start) if kind else None),
                "password": password,
                "is_active": True,
                "is_staff": email == "admin@demo.test",
                "is_superuser": email == "admin@demo.test",
                "preferred_language": "sv",
            },
        )
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"primary": True, "verified": True}
        )
        # Scoped roles follow the person's unit; reruns converge on the listed roles.
        wanted = {(r, unit.pk if r in (Role.MANAGER, Role.SUPERVISOR) else None) for r in roles}
        user.role_assignments.exclude(
            pk__in=[a.pk for a in user.role_assignments.all() if (a.role, a.unit_id) in wanted]
        ).delete()
        for role, unit_id in wanted:
            RoleAssignment.objects.get_or_create(user=user, role=role, unit_id=unit_id)
        people[email] = user
    # The documented manager also leads a second unit in the same district, and the unit
    # of the second demo newcomer, which has no manager of its own in the demo: so the
    # demo manager can pair a newcomer who starts next week.
    for name in ("Socialpsykiatri Norr", CENTRUM_EKB):
        RoleAssignment.objects.get_or_create(
            user=people["chef@demo.test"], role=Role.MANAGER, unit=units[name]
        )
    # Visitors try each role at once: no demo account has two-factor turned on, and the
    # documented logins are excused from the roles' requirement one by one.
    Authenticator.objects.filter(user__email__endswith="demo.test").delete()
    for email, *_rest in ACCOUNTS:
        exempt_demo_login(people[email])
    demo.objects["people"] = people
    demo.note(f"People: {len(people)} ({len(ACCOUNTS)} demo logins, password 'demo').")
