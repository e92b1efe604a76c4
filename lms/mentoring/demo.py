"""Demo mentoring: a mentor pool in Älvstad and the pairings behind the demo plans.

Every demo mentor (mentor@demo.test and a colleague in each district unit) is in the
pool with a capacity, languages and, for one, a parental leave ahead. Each newcomer with
an active plan is paired, through the services as a manager would, with a mentor of
their own unit (the demo newcomer with Karin Berg); nyanstalld2@demo.test, who starts
next week, is left without one so the manager can pair him from the suggestions. In
the demo manager's Barn och unga Norr a first pairing was ended and replaced after the
newcomer asked for a new mentor (history), and another newcomer has answered "not a
good fit" and has an open request. No e-mails are sent. Runs after the plans (ORDER
40); once only per person, so a second run changes nothing.
"""

import datetime

from lms.accounts.models import Role, User
from lms.plans.models import IntroductionPlan

from . import selectors, services
from .models import EndReason, Fit, MentorChangeRequest, MentorPairing, MentorProfile

ORDER = 45

NORR_BOU = "Barn och unga, utredning Norr"
PSYK_NORR = "Socialpsykiatri Norr"
KARIN = "mentor@demo.test"
#: Languages offered by the colleagues, in turn.
LANGUAGES = [["ar"], [], ["so", "en"], ["fa", "prs"], ["en"], ["fi"], ["bs"], [], ["ti"], ["pl"]]


def _mentors() -> list[User]:
    return list(
        User.objects.filter(role_assignments__role=Role.MENTOR, is_active=True, unit__isnull=False)
        .select_related("unit")
        .order_by("pk")
        .distinct()
    )


def _pool(demo, admin: User, chef: User) -> int:
    made = 0
    for n, person in enumerate(_mentors()):
        if MentorProfile.objects.filter(user=person).exists():
            continue
        if person.email == KARIN:
            services.mentor_volunteer(by=person, capacity=3, languages=["en"])
        elif person.unit.name == PSYK_NORR:
            # Appointed by the demo manager, for a unit of theirs.
            services.mentor_appoint(person=person, by=chef, capacity=2, languages=["ar"])
        else:
            services.mentor_volunteer(
                by=person,
                capacity=1 + n % 3,
                languages=LANGUAGES[n % len(LANGUAGES)],
                # One colleague goes on parental leave in two months.
                available_until=demo.days(60) if n % 7 == 3 else None,
            )
        made += 1
    return made


def _unit_mentor(unit_id: int, mentors: list[User]) -> User | None:
    return next((m for m in mentors if m.unit_id == unit_id and m.email != KARIN), None)


def _best_mentor(newcomer: User, plan: IntroductionPlan) -> User | None:
    """The best suggestion a manager would get, so a full mentor is passed over. Karin Berg
    (mentor@demo.test) is kept for the demo newcomers' own stories."""
    best = selectors.suggestions(
        newcomer=newcomer, start_date=plan.start_date - datetime.timedelta(days=7), plan=plan
    )
    return next((s.profile.user for s in best if s.profile.user.email != KARIN), None)


def _pair(newcomer: User, mentor: User, admin: User, plan: IntroductionPlan) -> MentorPairing:
    # Named a week before the first day, as the introduction asks.
    return services.pairing_create(
        newcomer=newcomer,
        mentor=mentor,
        by=admin,
        starts_on=plan.start_date - datetime.timedelta(days=7),
    )


def _history(demo, newcomer, plan, admin, chef, mentors) -> None:
    """A first mentor from the neighbouring unit, a "not a good fit", a request with a
    message, and after six weeks a new mentor in the newcomer's own unit."""
    first_mentor = next(m for m in mentors if m.unit.name == PSYK_NORR)
    first = _pair(newcomer, first_mentor, admin, plan)
    services.fit_answer(pairing=first, by=newcomer, answer=Fit.NOT_GOOD)
    services.fit_answer(pairing=first, by=first_mentor, answer=Fit.UNSURE)
    services.change_request_create(
        pairing=first,
        by=newcomer,
        message="Vi arbetar på olika enheter och hinner sällan ses. Finns det någon här?",
    )
    second = services.pairing_create(
        newcomer=newcomer, mentor=_unit_mentor(plan.unit_id, mentors), by=chef
    )
    switched = min(first.starts_on + datetime.timedelta(days=42), demo.today)
    # The switch happened weeks ago: the demo moves the dates the services set to today.
    MentorPairing.objects.filter(pk=first.pk).update(ended_on=switched)
    MentorPairing.objects.filter(pk=second.pk).update(
        starts_on=switched, planned_ends_on=services.default_end(switched)
    )
    second.refresh_from_db()
    services.fit_answer(pairing=second, by=newcomer, answer=Fit.GOOD)
    services.fit_answer(pairing=second, by=second.mentor, answer=Fit.GOOD)


def _unhappy(newcomer, plan, admin, karin) -> None:
    """Paired with Karin Berg, answered "not a good fit" and asked for a new mentor; the
    request waits for the demo manager. Karin thinks it goes well (she is never told)."""
    pairing = _pair(newcomer, karin, admin, plan)
    services.fit_answer(pairing=pairing, by=karin, answer=Fit.GOOD)
    services.fit_answer(pairing=pairing, by=newcomer, answer=Fit.NOT_GOOD)
    services.change_request_create(
        pairing=pairing,
        by=newcomer,
        message="Karin är jättesnäll, men jag skulle behöva någon som arbetar med mottagningen.",
    )


def load(demo) -> None:
    with services.quietly():
        _load(demo)


def _load(demo) -> None:
    admin = User.objects.get(email="admin@demo.test")
    chef = User.objects.get(email="chef@demo.test")
    karin = User.objects.get(email=KARIN)
    profiles = _pool(demo, admin, chef)
    mentors = _mentors()
    plans = list(
        IntroductionPlan.objects.filter(status=IntroductionPlan.Status.ACTIVE)
        .exclude(newcomer__email="nyanstalld2@demo.test")
        .select_related("newcomer", "unit")
        .order_by("start_date", "pk")
    )
    # The demo manager's unit tells the stories: a replaced mentor and an open request.
    colleagues = [
        p for p in plans if p.unit.name == NORR_BOU and p.newcomer.email != "nyanstalld@demo.test"
    ]
    stories = dict(zip([p.pk for p in colleagues], ["history", "unhappy"], strict=False))
    for plan in plans:
        newcomer = plan.newcomer
        if newcomer.mentor_pairings.exists():
            continue
        story = stories.get(plan.pk)
        if newcomer.email == "nyanstalld@demo.test":
            pairing = _pair(newcomer, karin, admin, plan)
            services.fit_answer(pairing=pairing, by=karin, answer=Fit.GOOD)
        elif story == "history":
            _history(demo, newcomer, plan, admin, chef, mentors)
        elif story == "unhappy":
            _unhappy(newcomer, plan, admin, karin)
        elif (mentor := _best_mentor(newcomer, plan)) is not None:
            pairing = _pair(newcomer, mentor, admin, plan)
            if plan.start_date <= demo.today and plan.pk % 2:
                services.fit_answer(pairing=pairing, by=newcomer, answer=Fit.GOOD)
    ended = MentorPairing.objects.filter(end_reason=EndReason.NEW_MENTOR).count()
    demo.note(
        f"Mentoring: {MentorProfile.objects.count()} mentors ({profiles} new), "
        f"{MentorPairing.objects.filter(ended_on=None).count()} running pairings, "
        f"{ended} replaced, {MentorChangeRequest.objects.filter(status='open').count()} open "
        "request."
    )
