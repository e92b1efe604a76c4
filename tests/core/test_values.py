"""Cached Python values go through one registry, lms.core.caching.VALUES, keyed as the
fragments are: every name a call site uses is declared, every declared one is used, and
a bump of any kind an entry names makes it afresh."""

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from lms.core import caching, versions

CALLS = re.compile(
    r"\b(?:cached_value|lazy_value|stored_value|store_value|value_key)\(\s*[\"']([^\"']+)[\"']"
)
SOURCE_ROOTS = ("lms", "cms")


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _used_names() -> set[str]:
    used = set()
    for root in SOURCE_ROOTS:
        for path in (Path(settings.BASE_DIR) / root).rglob("*.py"):
            used |= set(CALLS.findall(path.read_text(encoding="utf-8")))
    return used


def test_every_cached_value_is_declared_and_every_declared_one_is_used():
    used = _used_names()
    assert used - set(caching.VALUES) == set(), "declare it in lms.core.caching.VALUES"
    assert set(caching.VALUES) - used == set(), "no call site uses it any more"


def test_no_call_site_keys_a_value_by_hand():
    """The one-kind helper of lms.core.versions is the numbers' own test bed only."""
    by_hand = [
        str(path)
        for root in SOURCE_ROOTS
        for path in (Path(settings.BASE_DIR) / root).rglob("*.py")
        if re.search(r"versions\.(cached|lazy)\(", path.read_text(encoding="utf-8"))
    ]
    assert by_hand == []


VIEWER = SimpleNamespace(pk=7)
DECLARED = [(name, kind) for name, value in caching.VALUES.items() for kind in value.kinds]


@pytest.mark.parametrize(("name", "kind"), DECLARED, ids=[f"{n}-{k}" for n, k in DECLARED])
def test_a_bump_of_any_declared_kind_makes_the_value_afresh(db, name, kind):
    assert caching.cached_value(name, "x", viewer=VIEWER, build=lambda: "old") == "old"
    assert caching.cached_value(name, "x", viewer=VIEWER, build=lambda: "new") == "old"
    versions.bump(kind)
    assert caching.cached_value(name, "x", viewer=VIEWER, build=lambda: "new") == "new"


def test_every_value_names_a_kind_it_is_kept_under():
    assert [name for name, value in caching.VALUES.items() if not value.kinds] == []


def test_a_personal_value_is_kept_per_viewer_and_refused_without_one(db):
    assert caching.cached_value("own-plan", viewer=SimpleNamespace(pk=1), build=lambda: 1) == 1
    assert caching.cached_value("own-plan", viewer=SimpleNamespace(pk=2), build=lambda: 2) == 2
    with pytest.raises(ValueError, match="personal"):
        caching.cached_value("own-plan", build=lambda: 3)


def test_a_value_is_per_language_only_where_declared(db):
    with translation.override("sv"):
        labels_sv = caching.value_key("role-labels", viewer=VIEWER)
        plan_sv = caching.value_key("plan", 1, viewer=VIEWER)
    with translation.override("en"):
        assert caching.value_key("role-labels", viewer=VIEWER) != labels_sv
        assert caching.value_key("plan", 1, viewer=VIEWER) == plan_sv


def test_a_lazy_value_reads_nothing_until_used(db, django_assert_num_queries):
    built = []
    with django_assert_num_queries(0):
        value = caching.lazy_value("current-programme", build=lambda: built.append(1) or "x")
    assert built == []
    assert str(value) == "x" and built == [1]


def test_an_unknown_name_fails_at_once():
    with pytest.raises(KeyError, match="VALUES"):
        caching.lazy_value("no-such-value", build=lambda: 1)
