"""Who may edit which part of the site, and the review every change goes through.

Editors are Django groups with Wagtail page permissions on one section each (the section
page and every page under it, in every language). They add and edit pages there but
cannot publish: their changes wait in the workflow "Granskning" until a member of
"Granskare" approves them, and approving publishes. The setup is code rather than clicks
in the admin so that every installation, the demo and the tests get the same rules:
`editorial_setup()` (command `manage.py setup_editorial`) creates or corrects the groups,
their permissions and the workflow, and running it again changes nothing.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from lms.core import versions

from .models import GuidanceIndexPage, HomePage, KnowledgeIndexPage, NewsIndexPage, ProgrammePage

# Names are data, shown as they are in the admin's lists of groups and workflows.
PROGRAMME_EDITORS = "Redaktörer – programmet"
KNOWLEDGE_EDITORS = "Redaktörer – kunskapsbanken"
NEWS_EDITORS = "Redaktörer – nyheter"
REVIEWERS = "Granskare"
WORKFLOW = "Granskning"
REVIEW_TASK = "Granskarnas godkännande"

#: The section pages each editors' group works under (in every language).
SECTIONS: dict[str, tuple[type[Page], ...]] = {
    PROGRAMME_EDITORS: (ProgrammePage,),
    KNOWLEDGE_EDITORS: (KnowledgeIndexPage, GuidanceIndexPage),
    NEWS_EDITORS: (NewsIndexPage,),
}

# Add (new pages, and editing one's own), change (any page in the section) and lock;
# never publish: that is what the workflow is for.
EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page", "lock_page")
REVIEWER_PAGE_PERMISSIONS = (
    "add_page",
    "change_page",
    "lock_page",
    "unlock_page",
    "publish_page",
)

_ADMIN = ("wagtailadmin.access_admin", "simple_translation.submit_translation")
# Contacts and glossary terms are snippets without drafts: a change is live at once, so
# editors may pick them for their pages but only reviewers change contacts. The glossary
# belongs to the knowledge bank, whose editors keep it up to date.
EDITOR_MODEL_PERMISSIONS = (*_ADMIN, "cms.view_contact", "cms.view_glossaryterm")
MODEL_PERMISSIONS: dict[str, tuple[str, ...]] = {
    PROGRAMME_EDITORS: EDITOR_MODEL_PERMISSIONS,
    KNOWLEDGE_EDITORS: (
        *EDITOR_MODEL_PERMISSIONS,
        "cms.add_glossaryterm",
        "cms.change_glossaryterm",
    ),
    NEWS_EDITORS: EDITOR_MODEL_PERMISSIONS,
    REVIEWERS: (
        *_ADMIN,
        *(f"cms.{action}_contact" for action in ("add", "change", "delete", "view")),
        *(f"cms.{action}_glossaryterm" for action in ("add", "change", "delete", "view")),
    ),
}

# Images and documents in every collection: editors upload, choose and edit their own;
# reviewers also edit and delete anybody's (a replaced image is live at once).
EDITOR_MEDIA = (
    "wagtailimages.add_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.choose_document",
)
REVIEWER_MEDIA = (
    *EDITOR_MEDIA,
    "wagtailimages.change_image",
    "wagtailimages.delete_image",
    "wagtaildocs.change_document",
    "wagtaildocs.delete_document",
)

GROUPS = (PROGRAMME_EDITORS, KNOWLEDGE_EDITORS, NEWS_EDITORS, REVIEWERS)


@dataclass
class SetupReport:
    """What `editorial_setup` found: the pages each group was given, the sections
    that have no page yet (run the setup again once they exist)."""

    pages: dict[str, list[str]] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    workflow_pages: list[str] = field(default_factory=list)


def _permissions(names) -> list[Permission]:
    wanted = [name.split(".", 1) for name in names]
    found = {
        (p.content_type.app_label, p.codename): p
        for p in Permission.objects.filter(
            codename__in=[codename for _app, codename in wanted]
        ).select_related("content_type")
    }
    missing = [f"{app}.{codename}" for app, codename in wanted if (app, codename) not in found]
    if missing:  # a renamed permission in a Wagtail upgrade must not pass unnoticed
        raise LookupError(f"Permissions not found: {', '.join(missing)}")
    return [found[(app, codename)] for app, codename in wanted]


def _page_permissions(codenames) -> list[Permission]:
    return _permissions(f"wagtailcore.{codename}" for codename in codenames)


def _section_pages(models) -> list[Page]:
    return [
        page for model in models for page in model.objects.select_related("locale").order_by("path")
    ]


def _converge_page_permissions(group: Group, pages: list[Page], permissions) -> None:
    wanted = {(page.pk, permission.pk) for page in pages for permission in permissions}
    current = set(group.page_permissions.values_list("page_id", "permission_id"))
    stale = current - wanted
    for page_id, permission_id in stale:
        group.page_permissions.filter(page_id=page_id, permission_id=permission_id).delete()
    GroupPagePermission.objects.bulk_create(
        [
            GroupPagePermission(group=group, page_id=page_id, permission_id=permission_id)
            for page_id, permission_id in sorted(wanted - current)
        ]
    )


def _converge_collection_permissions(group: Group, permissions) -> None:
    root = Collection.get_first_root_node()
    wanted = {permission.pk for permission in permissions}
    group.collection_permissions.exclude(collection=root, permission_id__in=wanted).delete()
    current = set(
        group.collection_permissions.filter(collection=root).values_list("permission_id", flat=True)
    )
    GroupCollectionPermission.objects.bulk_create(
        [
            GroupCollectionPermission(group=group, collection=root, permission_id=pk)
            for pk in sorted(wanted - current)
        ]
    )


def _label(page: Page) -> str:
    return f"{page.title} ({page.locale.language_code})"


@transaction.atomic
def editorial_setup() -> SetupReport:
    """Create or correct the editors' and reviewers' groups and the review workflow.

    The four groups end up with exactly the permissions listed above: a permission
    given to one of them by hand in the admin is taken away again. Make a group of your
    own for exceptions.
    """
    from .tasks import publishing_schedule_ensure

    report = SetupReport()
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in GROUPS}
    for name, group in groups.items():
        group.permissions.set(_permissions(MODEL_PERMISSIONS[name]))

    editor_permissions = _page_permissions(EDITOR_PAGE_PERMISSIONS)
    for name, models in SECTIONS.items():
        pages = _section_pages(models)
        _converge_page_permissions(groups[name], pages, editor_permissions)
        _converge_collection_permissions(groups[name], _permissions(EDITOR_MEDIA))
        report.pages[name] = [_label(page) for page in pages]
        report.missing += [
            f"{name}: {model._meta.verbose_name}" for model in models if not model.objects.exists()
        ]

    homes = list(HomePage.objects.select_related("locale").order_by("path"))
    reviewers = groups[REVIEWERS]
    _converge_page_permissions(reviewers, homes, _page_permissions(REVIEWER_PAGE_PERMISSIONS))
    _converge_collection_permissions(reviewers, _permissions(REVIEWER_MEDIA))
    report.pages[REVIEWERS] = [_label(page) for page in homes]

    workflow = review_workflow_ensure(reviewers=reviewers)
    for home in homes:
        WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})
        report.workflow_pages.append(_label(home))

    publishing_schedule_ensure()
    editors_changed()
    return report


def review_workflow_ensure(*, reviewers: Group) -> Workflow:
    """The workflow "Granskning": one step, approved by the reviewers' group."""
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    task = GroupApprovalTask.objects.filter(name=REVIEW_TASK).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=REVIEW_TASK)
    elif not task.active:
        task.active = True
        task.save(update_fields=["active"])
    task.groups.set([reviewers])
    WorkflowTask.objects.filter(workflow=workflow).exclude(task=task).delete()
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    return workflow


def section_page_created(sender, instance: Page, created: bool, raw: bool = False, **kwargs):
    """A new section or home page (most often a translation made with "Translate")
    gets the same groups and workflow as its siblings in the other languages.

    Only once the setup has run: before it, nobody has asked for editors."""
    if not created or raw or not Group.objects.filter(name=REVIEWERS).exists():
        return
    transaction.on_commit(editorial_setup)


# -- who may edit the site, for the start page --------------------------------------------

#: Data version of group memberships and permissions (lms.core.versions).
EDITORS = "editors"


def editors_changed(**kwargs) -> None:
    versions.bump(EDITORS)


def connect() -> None:
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    for through in (
        user_model.groups.through,
        user_model.user_permissions.through,
        Group.permissions.through,
        GroupApprovalTask.groups.through,
    ):
        m2m_changed.connect(
            editors_changed, sender=through, dispatch_uid=f"editors-{through.__name__}"
        )
    for model in (Group, GroupPagePermission, Permission):
        post_save.connect(editors_changed, sender=model, dispatch_uid=f"editors-{model.__name__}")
        post_delete.connect(
            editors_changed, sender=model, dispatch_uid=f"editors-del-{model.__name__}"
        )
    for model in (HomePage, *{m for models in SECTIONS.values() for m in models}):
        post_save.connect(
            section_page_created, sender=model, dispatch_uid=f"editorial-{model.__name__}"
        )


# -- demo ---------------------------------------------------------------------------------

# email, first name, last name, title, groups
DEMO_ACCOUNTS = [
    ("redaktor@demo.test", "Lina", "Forsberg", "Webbredaktör", [KNOWLEDGE_EDITORS]),
    ("granskare@demo.test", "Henrik", "Dahl", "Kvalitetsutvecklare", [REVIEWERS]),
]
DEMO_UNIT = "Kompetens och utbildning"
#: The demo's change waiting for review: a sentence added to an article's introduction.
DEMO_DRAFT_ADDITION = "Uppdaterad med kommunens nya rutin för journalföring."


@contextmanager
def _without_submission_mail():
    """The demo sends no mail: Wagtail's notices of a new submission are switched off
    while the demo submits its change, and switched on again afterwards."""
    from wagtail.admin.signal_handlers import register_signal_handlers
    from wagtail.models import TaskState, WorkflowState
    from wagtail.signals import task_submitted, workflow_submitted

    task_submitted.disconnect(
        sender=TaskState, dispatch_uid="group_approval_task_submitted_email_notification"
    )
    workflow_submitted.disconnect(
        sender=WorkflowState, dispatch_uid="workflow_state_submitted_email_notification"
    )
    try:
        yield
    finally:
        register_signal_handlers()


def _demo_accounts(demo) -> dict:
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from lms.accounts.demo import exempt_demo_login
    from lms.core.demo import DEMO_PASSWORD

    user_model = get_user_model()
    unit = demo.objects.get("units", {}).get(DEMO_UNIT)
    password = make_password(DEMO_PASSWORD)
    people = {}
    for email, first, last, title, groups in DEMO_ACCOUNTS:
        user, _ = user_model.objects.update_or_create(
            email=email,
            defaults={
                "first_name": first,
                "last_name": last,
                "title": title,
                "unit": unit,
                "start_date": demo.days(-1400),
                "end_date": None,
                "password": password,
                "is_active": True,
                "is_staff": False,
                "is_superuser": False,
                "preferred_language": "sv",
            },
        )
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"primary": True, "verified": True}
        )
        user.role_assignments.all().delete()  # no role in the tracker: they edit the site
        user.groups.set(Group.objects.filter(name__in=groups))
        exempt_demo_login(user)  # editors must use two-factor; the demo's are excused
        people[email] = user
    return people


def _demo_review(editor) -> Page | None:
    """One article with the editor's change waiting for the reviewer."""
    from .models import KnowledgeArticlePage

    articles = KnowledgeArticlePage.objects.filter(locale=Locale.get_default(), live=True).order_by(
        "path"
    )
    if any(article.workflow_in_progress for article in articles):
        return None  # a rerun: it is still waiting
    article = articles.first()
    if article is None:
        return None
    draft = article.get_latest_revision_as_object()
    if not draft.intro.endswith(DEMO_DRAFT_ADDITION):
        draft.intro = f"{draft.intro} {DEMO_DRAFT_ADDITION}".strip()
    with _without_submission_mail():
        draft.save_revision(user=editor, log_action=True)
        article.get_workflow().start(article, editor)
    return article


def load_editorial_demo(demo) -> None:
    """The editors' part of the demo: the groups, an editor and a reviewer, and a change
    waiting for review. Runs last in the site's demo, once the sections exist."""
    editorial_setup()
    people = _demo_accounts(demo)
    demo.objects.setdefault("people", {}).update(people)
    waiting = _demo_review(people["redaktor@demo.test"])
    demo.note(
        "Site editors: redaktor@demo.test (knowledge bank and guidance), "
        "granskare@demo.test (reviews and publishes)"
        + (f"; '{waiting.title}' waits for review." if waiting else ".")
    )
