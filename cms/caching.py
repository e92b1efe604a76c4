"""The "cms" data version (lms.core.versions): bumped by anything that changes what a
public page shows, so cached pages, fragments and the module-page links are made afresh.

Publishing, unpublishing, moving or deleting a page, a snippet or an image or document
changing, a view restriction or a site changing: each bumps it. Drafts and revisions do
not, since nobody outside the admin sees them.
"""

from django.db.models.signals import post_delete, post_save
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from lms.core import versions

CMS = "cms"


def _bump(**kwargs) -> None:
    versions.bump(CMS)


def connect() -> None:
    from .models import Contact, GlossaryTerm

    for signal, name in (
        (page_published, "published"),
        (page_unpublished, "unpublished"),
        (post_page_move, "moved"),
    ):
        signal.connect(_bump, dispatch_uid=f"cms-v-{name}")
    post_delete.connect(_bump, sender=Page, dispatch_uid="cms-v-page-deleted")
    for model in (
        Contact,
        GlossaryTerm,
        PageViewRestriction,
        Site,
        get_image_model(),
        get_document_model(),
    ):
        name = model.__name__
        post_save.connect(_bump, sender=model, dispatch_uid=f"cms-v-{name}")
        post_delete.connect(_bump, sender=model, dispatch_uid=f"cms-v-del-{name}")
