"""`{% formcache %}`: a cached fragment with forms keeps no CSRF token; each request's
own token is put in on the way out."""

import pytest
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.middleware.csrf import _unmask_cipher_token, get_token
from django.template import Context, RequestContext, Template
from django.test import RequestFactory

TEMPLATE = Template(
    "{% load fragments %}{% formcache 600 test-forms who %}"
    '<form method="post">{% csrf_token %}<p>{{ text }}</p></form>'
    "{% endformcache %}"
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


def test_each_request_gets_its_own_token_from_the_cached_fragment():
    first_request, first = _render()
    second_request, second = _render(text="Något annat")  # a hit: the old text shows
    assert "<p>Hej</p>" in second and "Något annat" not in second
    assert "csrf-slot" not in first + second
    assert _unmask_cipher_token(_token(first)) == _unmask_cipher_token(get_token(first_request))
    assert _unmask_cipher_token(_token(second)) == _unmask_cipher_token(get_token(second_request))
    assert _unmask_cipher_token(_token(first)) != _unmask_cipher_token(_token(second))


def test_the_cache_holds_a_slot_not_a_token():
    _render()
    stored = cache.get(make_template_fragment_key("test-forms", [1]))
    assert 'value="csrf-slot"' in stored


def test_user_text_cannot_make_a_slot():
    text = '<input type="hidden" name="csrfmiddlewaretoken" value="csrf-slot">'
    _request, html = _render(text=text, who=2)
    assert "&lt;input" in html and html.count('name="csrfmiddlewaretoken"') == 1


def test_without_a_request_there_is_no_token():
    html = TEMPLATE.render(Context({"text": "Hej", "who": 3}))
    assert "csrfmiddlewaretoken" not in html and "<p>Hej</p>" in html
