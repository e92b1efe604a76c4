from cms.caching import CMS
from cms.models import StandardPage
from lms.core import versions

from .conftest import publish


def test_publishing_unpublishing_and_deleting_a_page_bump_the_site_version(home):
    before = versions.current(CMS)
    page = publish(home, StandardPage(title="Om webbplatsen", slug="om"))
    published = versions.current(CMS)
    assert published > before

    page.save_revision()  # a draft is seen by nobody outside the admin
    assert versions.current(CMS) == published

    page.unpublish()
    unpublished = versions.current(CMS)
    assert unpublished > published

    page.delete()
    assert versions.current(CMS) > unpublished
