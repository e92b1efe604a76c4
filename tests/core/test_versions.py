import pytest
from django.core.cache import cache

from lms.core import versions

pytestmark = pytest.mark.django_db


def test_a_bump_makes_values_cached_under_the_old_number_stale():
    versions.cached("kind", "key", lambda: "old")
    versions.bump("kind")
    assert versions.cached("kind", "key", lambda: "new") == "new"


def test_an_evicted_number_starts_again_above_every_number_it_had():
    """The local-memory cache culls its oldest entries when it is full; a version number
    starting again at a low value would bring back what was cached under it."""
    first = versions.current("kind")
    versions.cached("kind", "key", lambda: "from before the bump")
    versions.bump("kind")
    versions.bump("kind")
    assert versions.current("kind") == first + 2
    cache.delete("version:kind")  # evicted

    assert versions.current("kind") > first + 2
    assert versions.cached("kind", "key", lambda: "fresh") == "fresh"


def test_a_bump_of_an_evicted_number_starts_it_afresh():
    first = versions.current("kind")
    cache.delete("version:kind")
    versions.bump("kind")
    assert versions.current("kind") > first
