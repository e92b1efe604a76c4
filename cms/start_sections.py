"""The start page's section for people who edit or review the site.

Editing the site is no role of the tracker: it is Wagtail's `access_admin` permission,
given through the editorial groups (cms/editorial.py). So the section is offered to
everybody and shown to those who have it; lms knows nothing of it.
"""

from __future__ import annotations

from wagtail.models import GroupApprovalTask, Locale, Page

from lms.core import start
from lms.core.caching import cached_value


def _editing(viewer) -> dict:
    if not viewer.has_perm("wagtailadmin.access_admin"):
        return {}
    groups = viewer.groups.all()
    pages = (
        Page.objects.filter(group_permissions__group__in=groups, locale=Locale.get_default())
        .distinct()
        .order_by("path")
        .values("id", "title")
    )
    return {
        "pages": list(pages),
        "reviewer": GroupApprovalTask.objects.filter(active=True, groups__in=groups).exists(),
    }


def _build(viewer) -> dict | None:
    if viewer.is_superuser:
        return None  # the administrator's section links to the Wagtail admin already
    # Cached: the start page is one of the cheapest pages of the product and a "no" from
    # Django's permission backend costs two queries. Groups and permissions bump the
    # editors version (editorial.connect), the pages' titles the cms version.
    return cached_value("site-editing", viewer=viewer, build=lambda: _editing(viewer)) or None


def register() -> None:
    start.register(
        "site-editing",
        roles=None,
        template="cms/editorial/start_section.html",
        build=_build,
        order=80,
    )
