"""Every cached Python value, declared in one place: what data it reads, and so when it
must be made afresh. The twin of `lms.core.fragments.FRAGMENTS`, which declares every
cached piece of HTML; both registries' keys are built by one function,
`lms.core.fragments.entry_key`.

A value names the kinds of data its build reads (`kinds`, the counters of
`lms.core.versions`), whether it is personal (`per_viewer`: the key holds the person it
is for or about, who must be given), whether it changes with the day (`per_day`) or the
active language (`language`: translated labels, rendered text), and how long an unused
copy may take room (`ttl`). A call site asks for it with the one helper:

    data = cached_value("plan-start-helper", today, viewer=viewer, build=build)

and the key is always: the name, the language where declared, the viewer where
personal, the day where declared, the current number of every kind, and the values
given after the name. A bump of any of those kinds makes every copy stale at once, in
every process. `lazy_value` is the same, fetched only when first used (for data that
feeds a cached fragment: on a fragment hit it is never read). A build that returns
None is not kept (return False for "nothing", as `own-plan` does).

Adding a cached value: an entry here, the call, and, for a new kind of data, the
signals that bump it (the app's `caching.py`). See docs/architecture.md, "Versioned
caches".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django.core.cache import cache
from django.utils.functional import SimpleLazyObject

from . import versions
from .fragments import entry_key

T = TypeVar("T")


@dataclass(frozen=True)
class Value:
    #: The kinds of data the build reads (names of lms.core.versions counters).
    kinds: tuple[str, ...] = ()
    #: Personal: the key holds the person it is for or about (`viewer=`, required).
    per_viewer: bool = False
    #: Changes with the day (late, this week, from today on): a copy per day.
    per_day: bool = False
    #: Holds translated or rendered text: a copy per active language.
    language: bool = False
    #: Seconds an unused copy takes room; a bump makes it stale sooner.
    ttl: int = versions.DEFAULT_TIMEOUT
    #: As for fragments: fields of the viewer's row that change without a bump.
    viewer_fields: tuple[str, ...] = ()


PLANS_PEOPLE = ("plans", "people")
SUPERVISION_PLANS_PEOPLE = ("supervision", *PLANS_PEOPLE)
#: Everything the follow-up figures count (lms.reports.selectors.figures).
REPORT_KINDS = ("plans", "supervision", "mentoring", "programme", "checkins", "people")
#: The follow-up figures are slow to count and kept ten minutes.
REPORT_TTL = 600
#: The site's menu and footer: any change bumps "cms", so this only bounds stale entries.
NAV_TTL = 24 * 3600

#: Every cached value, by name.
VALUES: dict[str, Value] = {
    # lms.accounts: roles, two-factor, the staff directory
    "role-pairs": Value(kinds=("people",), per_viewer=True),
    "role-labels": Value(kinds=("people",), per_viewer=True, language=True),
    "person-table": Value(kinds=("people",), language=True),
    # RolePolicy rows: a change bumps "mfa", which every process sees at once.
    "mfa-policy": Value(kinds=("mfa",), ttl=300),
    "mfa-edits-site": Value(kinds=("mfa",), per_viewer=True),
    "mfa-exempt": Value(kinds=("mfa",), per_viewer=True),
    # lms.organisation
    "closed-days": Value(kinds=("closed-days",)),
    "newcomer-unit": Value(kinds=("people",), per_viewer=True),
    "manager-units": Value(kinds=("people",), per_viewer=True, per_day=True),
    "staff-figures": Value(kinds=("people",), per_day=True),
    # lms.plans
    "plan": Value(kinds=PLANS_PEOPLE, per_viewer=True),
    "own-plan": Value(kinds=PLANS_PEOPLE, per_viewer=True),
    "plan-named": Value(kinds=("plans",), per_viewer=True),
    "plan-start-newcomer": Value(kinds=("plans",), per_viewer=True),
    # The row flags of other apps (lms.plans.extensions.row_versions) are in the vary.
    "plan-start-manager": Value(kinds=PLANS_PEOPLE, per_viewer=True),
    "plan-start-helper": Value(kinds=PLANS_PEOPLE, per_viewer=True),
    "managed-areas": Value(kinds=("people",), per_viewer=True),
    # lms.checkins
    "checkin-pending": Value(kinds=("checkins", "plans"), per_viewer=True),
    # The units are in the vary; a renamed newcomer shows within a minute (not under
    # "people": the manager's start page is pinned to read nothing more after a change
    # of people, tests/core/test_start.py).
    "checkin-news": Value(kinds=("checkins", "plans"), per_viewer=True),
    "checkin-figures": Value(kinds=("checkins", "people")),
    # lms.supervision
    # Its vary is the panel's HTML key, which holds the plans version and the plan's
    # people (lms.supervision.panels): one kind, as the panel's pinned reads outside a
    # request expect (tests/supervision/test_panels.py).
    "plan-sessions": Value(kinds=("supervision",), per_viewer=True),
    "log-newcomer": Value(kinds=SUPERVISION_PLANS_PEOPLE, per_viewer=True),
    "supervision-start-helper": Value(kinds=SUPERVISION_PLANS_PEOPLE, per_viewer=True),
    "dashboard-moments": Value(kinds=SUPERVISION_PLANS_PEOPLE, per_viewer=True),
    "dashboard-rows": Value(kinds=SUPERVISION_PLANS_PEOPLE, per_viewer=True),
    "dashboard-figures": Value(kinds=SUPERVISION_PLANS_PEOPLE),
    # lms.mentoring: the panel's sides (the manager's is the same for every manager)
    "mentor-panel": Value(kinds=("mentoring", "people")),
    "mentoring-start-manager": Value(kinds=("mentoring", "people"), per_viewer=True),
    # lms.programme
    "current-programme": Value(kinds=("programme",)),
    "module-upcoming": Value(kinds=("programme",)),
    "module-status": Value(kinds=("programme",), per_viewer=True),
    "session-rows": Value(kinds=("programme",), per_day=True),
    "my-enrolments": Value(kinds=("programme",), per_viewer=True, per_day=True),
    "programme-start-coordinator": Value(kinds=("programme",), per_day=True),
    "programme-start-requests": Value(kinds=("programme", "people"), per_viewer=True, per_day=True),
    # lms.feeds: a fingerprint names the feed's bytes (see lms.feeds.views._serve).
    "feed-token": Value(kinds=("feed-tokens",), per_viewer=True),
    "feed-fingerprint": Value(kinds=("programme",), ttl=30),
    "feed-fingerprint-personal": Value(
        kinds=("programme", "plans", "supervision"), per_viewer=True, ttl=30
    ),
    # lms.reports
    "report-scopes": Value(kinds=("people",)),
    "report-tree": Value(kinds=("people",)),
    "report-figures-base": Value(kinds=REPORT_KINDS, ttl=REPORT_TTL),
    "report-figures": Value(kinds=REPORT_KINDS, language=True, ttl=REPORT_TTL),
    "report-csv": Value(kinds=REPORT_KINDS, language=True, ttl=REPORT_TTL),
    "report-default-period": Value(kinds=(*PLANS_PEOPLE, "programme"), ttl=REPORT_TTL),
    # cms: the public site
    "home-sections": Value(kinds=("cms",)),
    "latest-news": Value(kinds=("cms",)),
    # Areas of work are people data (their names bump "people").
    "article-filters": Value(kinds=("cms", "people")),
    "site-sections": Value(kinds=("cms",), ttl=NAV_TTL),
    "footer-links": Value(kinds=("cms",), ttl=NAV_TTL),
    "translation-url": Value(kinds=("cms",), ttl=NAV_TTL),
    # Which module each page describes. Which programme is current also decides between
    # two pages of a slug, but a change of it waits for the next "cms" bump: a second
    # kind costs a second read of the numbers outside a request (tests/cms/test_links.py).
    "module-pages": Value(kinds=("cms",)),
    "cms-site": Value(kinds=("cms",), ttl=600),
    "cms-route": Value(kinds=("cms",), ttl=600),
    "site-editing": Value(kinds=("editors", "cms"), per_viewer=True),
}


def get(name: str) -> Value:
    try:
        return VALUES[name]
    except KeyError:
        raise KeyError(f"No value {name!r} in lms.core.caching.VALUES.") from None


def value_key(name: str, *vary, viewer=None) -> str:
    """The cache key of value `name`, built as every fragment's key is."""
    value = get(name)
    if value.per_viewer and viewer is None:
        raise ValueError(f"The value {name!r} is personal: give its viewer.")
    return entry_key("value", name, value, viewer=viewer, vary=vary, language=value.language)


def cached_value(name: str, *vary, build: Callable[[], T], viewer=None) -> T:
    """Value `name` from the cache, or `build()` stored for next time (not if None)."""
    return versions.stored(value_key(name, *vary, viewer=viewer), build, get(name).ttl)


def lazy_value(name: str, *vary, build: Callable[[], T], viewer=None) -> T:
    """`cached_value`, fetched (and its key read) only when first used."""
    get(name)  # an unknown name fails here, not when the value is first used
    return SimpleLazyObject(lambda: cached_value(name, *vary, build=build, viewer=viewer))


def stored_value(name: str, *vary, viewer=None):
    """What is kept under value `name`, or None: for values found in one place and
    kept in another (where an address leads, cms.routing)."""
    return cache.get(value_key(name, *vary, viewer=viewer))


def store_value(name: str, *vary, value, viewer=None) -> None:
    cache.set(value_key(name, *vary, viewer=viewer), value, get(name).ttl)
