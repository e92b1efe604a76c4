"""Every cached piece of HTML, declared in one place: what data it shows, and so when
it must be made afresh. Its twin, `lms.core.caching.VALUES`, declares every cached
Python value the same way; both registries' keys are built by `entry_key` here.

A fragment names the kinds of data it shows (`kinds`, the counters of
`lms.core.versions`), whether it differs per viewer (`per_viewer`) and per day
(`per_day`), and how long an unused copy may take room (`ttl`). A template caches it
with the one tag:

    {% load fragments %}
    {% fragment "plan-page" plan.pk %}…{% endfragment %}

and the key is always built the same way (`key`): the fragment's name, the viewer where
it is personal, the language, the day where it shows dates relative to today, the
current number of every kind it names, and the values given after the name. A bump of
any of those kinds makes every copy stale at once, in every process.

A fragment may hold forms: inside it `{% csrf_token %}` renders a slot, the cache keeps
the slot, and each request's own token is put in on the way out (`fill_csrf`), so a
cached form never carries another visitor's token. The whole-page cache of the public
site (`cms/pagecache.py`) stores its pages with the same slots and fills them the same
way.

A fragment with a `template` is a *part*: a personal piece (the signed-in header, a
newcomer's status on a module page) of a page that is otherwise the same for everyone.
`{% part "name" key=value… %}` renders it in place, cached like any fragment; when the
page is being rendered to be shared (`SHARED_PAGE` in the context), it leaves a marker
instead, and `fill_parts` renders the part for each visitor from its template and the
values in the marker.

Adding a cached piece: an entry here, the tag in its template, and, for a new kind of
data, the signals that bump it (the app's `caching.py`). See docs/architecture.md,
"Versioned caches".
"""

from __future__ import annotations

import hashlib
import html as html_module
import json
import re
from dataclasses import dataclass

from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from . import versions


@dataclass(frozen=True)
class Fragment:
    #: The kinds of data shown (names of lms.core.versions counters).
    kinds: tuple[str, ...] = ()
    #: Personal: each viewer has a copy of their own.
    per_viewer: bool = False
    #: Shows dates relative to today (late, this week): a copy per day.
    per_day: bool = False
    #: Seconds an unused copy takes room; a bump makes it stale sooner.
    ttl: int = 600
    #: For parts (`{% part %}`): the template that renders it, from the request alone.
    template: str | None = None
    #: Fields of the viewer that tell copies apart beyond the kinds (a count kept on
    #: the user row, which changes without a bump).
    viewer_fields: tuple[str, ...] = ()


PLANS_PEOPLE = ("plans", "people")

#: Every cached fragment and part, by name.
FRAGMENTS: dict[str, Fragment] = {
    # lms.core and lms.accounts
    "start-manager-units": Fragment(kinds=("people",), per_viewer=True, per_day=True),
    "profile-employment": Fragment(
        kinds=("people",), per_viewer=True, viewer_fields=("updated_at",)
    ),
    "profile-form": Fragment(per_viewer=True, viewer_fields=("updated_at",)),
    # lms.plans
    "plan-page": Fragment(kinds=PLANS_PEOPLE, per_viewer=True, per_day=True),
    "plan-page-items": Fragment(kinds=(*PLANS_PEOPLE, "cms"), per_viewer=True, per_day=True),
    "plan-list": Fragment(kinds=PLANS_PEOPLE, per_viewer=True, per_day=True),
    "template-list": Fragment(kinds=PLANS_PEOPLE, per_viewer=True),
    "start-newcomer": Fragment(kinds=(*PLANS_PEOPLE, "cms"), per_viewer=True, per_day=True),
    "start-manager-plans": Fragment(kinds=PLANS_PEOPLE, per_viewer=True, per_day=True),
    # lms.certificates
    "plan-certificates-panel": Fragment(
        kinds=("certificates", "programme", *PLANS_PEOPLE), per_viewer=True
    ),
    # lms.checkins
    "checkins-figures": Fragment(kinds=("checkins", "people"), per_day=True),
    "checkins-overview": Fragment(kinds=("checkins", *PLANS_PEOPLE), per_viewer=True, per_day=True),
    "checkins-mine": Fragment(kinds=("checkins", *PLANS_PEOPLE), per_viewer=True, per_day=True),
    "plan-checkins-panel": Fragment(
        kinds=("checkins", *PLANS_PEOPLE), per_viewer=True, per_day=True
    ),
    "start-checkins-manager": Fragment(kinds=("checkins", "people"), per_viewer=True, per_day=True),
    # lms.supervision
    "supervision-dashboard": Fragment(
        kinds=("supervision", *PLANS_PEOPLE), per_viewer=True, per_day=True
    ),
    "session-log": Fragment(kinds=("supervision", *PLANS_PEOPLE), per_viewer=True),
    "supervision-figures": Fragment(
        kinds=("supervision", *PLANS_PEOPLE), per_viewer=True, per_day=True
    ),
    # The panel's key (given in the template) holds the plan's people, the plans
    # version and the day; a planned session that has begun leaves it within a minute.
    "plan-session-panel": Fragment(kinds=("supervision", "people"), per_viewer=True, ttl=60),
    "start-helper-supervision": Fragment(
        kinds=(*PLANS_PEOPLE, "supervision"), per_viewer=True, per_day=True
    ),
    # lms.mentoring
    "mentor-pool": Fragment(kinds=("mentoring", "people"), per_viewer=True, per_day=True),
    "mentoring-me": Fragment(kinds=("mentoring", *PLANS_PEOPLE), per_viewer=True, per_day=True),
    "plan-mentor-panel": Fragment(kinds=("mentoring", "people"), per_viewer=True, per_day=True),
    "start-manager-mentoring": Fragment(
        kinds=("mentoring", "people"), per_viewer=True, per_day=True
    ),
    # lms.programme
    "session-list": Fragment(kinds=("programme",), per_day=True),
    "month-calendar": Fragment(kinds=("programme",), per_day=True),
    "start-coordinator": Fragment(kinds=("programme",), per_day=True),
    "course-rows": Fragment(kinds=("programme", "cms", "people"), per_day=True),
    "booking-table": Fragment(kinds=("programme", "cms"), per_viewer=True, per_day=True),
    # lms.reports: the figures' own key (selectors.figures_key, the key of the value
    # "report-figures" in lms.core.caching) holds their versions and language.
    "figures-table": Fragment(),
    "figures-page": Fragment(),
    # cms
    "cms-search": Fragment(kinds=("cms",), ttl=300),
    # The public site's whole pages (cms/pagecache.py), per address, audience (anonymous
    # or signed in), language and day: module pages show course dates from today on and
    # the programme page the modules' parts and lengths, read live from lms.
    "site-page": Fragment(kinds=("cms", "programme"), per_day=True, ttl=300),
    # Parts: the personal pieces of pages that are otherwise the same for everyone (the
    # public site's pages are stored once per language and audience, cms/pagecache.py).
    # The header's tools and menu, on every page; the bell shows the unread count.
    "site-header-tools": Fragment(
        kinds=("people",),
        per_viewer=True,
        template="includes/header_tools.html",
        viewer_fields=("unread_notifications",),
    ),
    "site-app-bar": Fragment(kinds=("people",), per_viewer=True, template="includes/app_bar.html"),
    # A newcomer's standing with a module (done, booked, late) on its page.
    "module-status": Fragment(
        kinds=("programme", "people"),
        per_viewer=True,
        per_day=True,
        template="cms/includes/module_status.html",
    ),
}


def get(name: str) -> Fragment:
    try:
        return FRAGMENTS[name]
    except KeyError:
        raise KeyError(f"No fragment {name!r} in lms.core.fragments.FRAGMENTS.") from None


def entry_key(prefix: str, name: str, entry, *, viewer=None, vary=(), language=True) -> str:
    """The one way a cache key is built, for fragments and for values
    (`lms.core.caching`): the name, the active language (if `language`), the viewer
    where the entry is personal, the viewer's fields, the day where it is per day, the
    current number of every kind it declares, and the values that tell copies apart."""
    parts = [(translation.get_language() or "") if language else ""]
    if entry.per_viewer:
        parts.append(f"u{getattr(viewer, 'pk', None) or 0}")
    parts.extend(str(getattr(viewer, field, "")) for field in entry.viewer_fields)
    if entry.per_day:
        parts.append(timezone.localdate().isoformat())
    parts.extend(f"{kind}{versions.current(kind)}" for kind in entry.kinds)
    parts.extend(str(value) for value in vary)
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"{prefix}:{name}:{digest}"


def key(name: str, *, viewer=None, vary=()) -> str:
    """The cache key of fragment `name` for this viewer, in the active language, today,
    under the current numbers of its kinds."""
    return entry_key("fragment", name, get(name), viewer=viewer, vary=vary)


def cached_html(name: str, *, viewer=None, vary=(), build) -> str:
    """The fragment's HTML from the cache, or `build()` stored for next time."""
    return versions.stored(key(name, viewer=viewer, vary=vary), build, get(name).ttl)


# -- the CSRF slot -------------------------------------------------------------------

#: What a cached fragment or page holds where a form's CSRF token goes.
CSRF_SLOT = "csrf-slot"
CSRF_SLOT_INPUT = f'<input type="hidden" name="csrfmiddlewaretoken" value="{CSRF_SLOT}">'


def fill_csrf(html: str, request) -> str:
    """Put this request's token into every slot (no request: no token). Only
    `{% csrf_token %}` makes a slot, never text a user typed, which is escaped."""
    if CSRF_SLOT_INPUT not in html:
        return html
    token = ""
    if request is not None:
        token = (
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(get_token(request))}">'
        )
    # Both parts are safe HTML: the rendered fragment and the token input.
    return mark_safe(html.replace(CSRF_SLOT_INPUT, token))  # noqa: S308


# -- parts of shared pages -------------------------------------------------------------

#: A context variable: True while a page is rendered to be shared by signed-in visitors.
SHARED_PAGE = "fragments_shared_page"
_MARKER = re.compile(r"<!--part:([a-z0-9-]+):(\{[^<>]*?\})-->")


def part_marker(name: str, values: dict) -> SafeString:
    data = json.dumps(values, sort_keys=True, separators=(",", ":"))
    return mark_safe(f"<!--part:{name}:{escape(data)}-->")  # noqa: S308


def render_part(name: str, values: dict, request) -> str:
    """Part `name` for the visitor of `request`, cached per viewer, with slots for tokens."""
    fragment = get(name)
    user = getattr(request, "user", None)
    vary = [f"{k}={values[k]}" for k in sorted(values)]
    vary.append(request.path if request is not None else "")

    def build() -> str:
        context = {**values, "csrf_token": CSRF_SLOT}
        return render_to_string(fragment.template, context, request)

    return cached_html(name, viewer=user, vary=vary, build=build)


def fill_parts(html: str, request) -> str:
    """Each part's marker replaced by the part rendered for this visitor."""
    if "<!--part:" not in html:
        return html

    def one(match: re.Match) -> str:
        values = json.loads(html_module.unescape(match[2]))
        return render_part(match[1], values, request)

    return _MARKER.sub(one, html)
