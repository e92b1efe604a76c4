"""`{% fragment %}`: one tag for cached HTML, keyed as lms.core.fragments.FRAGMENTS
declares; a cached fragment with forms keeps no CSRF token, and each request's own
token is put in on the way out."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.middleware.csrf import _unmask_cipher_token, get_token
from django.template import Context, RequestContext, Template, TemplateSyntaxError
from django.test import RequestFactory

from lms.core import fragments, versions

TEMPLATE = Template(
    '{% load fragments %}{% fragment "template-list" who %}'
    '<form method="post">{% csrf_token %}<p>{{ text }}</p></form>'
    "{% endfragment %}"
)


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _render(text="Hej", who=1):
    request = RequestFactory().get("/")
    html = TEMPLATE.render(RequestContext(request, {"text": text, "who": who}))
    return request, html


def _token(html: str) -> str:
    return html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]


def test_each_request_gets_its_own_token_from_the_cached_fragment(db):
    first_request, first = _render()
    second_request, second = _render(text="Något annat")  # a hit: the old text shows
    assert "<p>Hej</p>" in second and "Något annat" not in second
    assert "csrf-slot" not in first + second
    assert _unmask_cipher_token(_token(first)) == _unmask_cipher_token(get_token(first_request))
    assert _unmask_cipher_token(_token(second)) == _unmask_cipher_token(get_token(second_request))
    assert _unmask_cipher_token(_token(first)) != _unmask_cipher_token(_token(second))


def test_the_cache_holds_a_slot_not_a_token(db):
    _render()
    stored = cache.get(fragments.key("template-list", vary=[1]))
    assert 'value="csrf-slot"' in stored


def test_user_text_cannot_make_a_slot(db):
    text = '<input type="hidden" name="csrfmiddlewaretoken" value="csrf-slot">'
    _request, html = _render(text=text, who=2)
    assert "&lt;input" in html and html.count('name="csrfmiddlewaretoken"') == 1


def test_without_a_request_there_is_no_token(db):
    html = TEMPLATE.render(Context({"text": "Hej", "who": 3}))
    assert "csrfmiddlewaretoken" not in html and "<p>Hej</p>" in html


def test_a_bump_of_a_declared_kind_makes_the_fragment_afresh(db):
    _render(text="Hej", who=4)
    versions.bump("plans")  # template-list shows plans
    _request, html = _render(text="Nytt", who=4)
    assert "<p>Nytt</p>" in html


def test_a_fragment_not_in_the_registry_does_not_compile():
    with pytest.raises(TemplateSyntaxError):
        Template('{% load fragments %}{% fragment "no-such" %}x{% endfragment %}')


# -- one mechanism: no template caches on its own ---------------------------------------

TEMPLATE_DIRS = [Path(settings.BASE_DIR) / "templates"] + [
    path for path in (Path(settings.BASE_DIR) / app for app in ("lms", "cms")) if path.is_dir()
]
NAMED = re.compile(r"\{%\s*(?:fragment|part)\s+[\"']([^\"']+)[\"']")


def _templates():
    seen = set()
    for root in TEMPLATE_DIRS:
        for path in root.rglob("*.html"):
            if path not in seen and "templates" in path.parts:
                seen.add(path)
                yield path


def test_no_template_caches_with_a_bare_cache_tag():
    bare = [
        str(path)
        for path in _templates()
        if re.search(r"\{%\s*(cache|formcache)\s", path.read_text(encoding="utf-8"))
    ]
    assert bare == [], "cache with {% fragment %} and an entry in lms.core.fragments"


IN_PYTHON = re.compile(r"fragments\.(?:key|get|cached_html)\(\s*[\"']([^\"']+)[\"']")


def test_every_fragment_in_a_template_is_declared_and_every_declared_one_is_used():
    used = set()
    for path in _templates():
        used |= set(NAMED.findall(path.read_text(encoding="utf-8")))
    assert used - set(fragments.FRAGMENTS) == set()
    for root in ("lms", "cms"):
        for path in (Path(settings.BASE_DIR) / root).rglob("*.py"):
            used |= set(IN_PYTHON.findall(path.read_text(encoding="utf-8")))
    assert set(fragments.FRAGMENTS) - used == set()
