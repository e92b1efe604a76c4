"""Fragment caching keyed on the data versions (lms.core.versions).

    {% load cache fragments %}{% data_version "programme" as pv %}
    {% cache 600 course-rows pv LANGUAGE_CODE %}…{% endcache %}

A bump of the version makes every fragment built from that data stale at once, so the
timeout only bounds how long an unused fragment stays in the cache. Keep CSRF tokens
out of cached fragments: put one form outside and point buttons at it with form="…",
or, where a fragment holds whole forms, cache it with `{% formcache %}` (below).
"""

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.templatetags.cache import CacheNode
from django.utils.safestring import mark_safe

from lms.core import versions

register = template.Library()


@register.simple_tag
def data_version(name: str) -> int:
    return versions.current(name)


#: What a fragment cached by `formcache` holds where a form's CSRF token goes.
CSRF_SLOT = "csrf-slot"
_CSRF_SLOT_INPUT = f'<input type="hidden" name="csrfmiddlewaretoken" value="{CSRF_SLOT}">'


class FormCacheNode(CacheNode):
    """`{% cache %}` for fragments with forms: `{% csrf_token %}` inside renders a slot,
    which is what the cache keeps, and the token of the request showing the fragment
    is put into the slot on the way out. Only `{% csrf_token %}` is filled in, never a
    bare `{{ csrf_token }}`; user text is escaped, so it cannot make a slot."""

    def render(self, context):
        with context.push(csrf_token=CSRF_SLOT):
            html = super().render(context)
        if _CSRF_SLOT_INPUT not in html:
            return html
        token_input = CsrfTokenNode().render(context)  # this request's token, escaped
        # Both parts are safe HTML already: the rendered fragment and the token input.
        return mark_safe(html.replace(_CSRF_SLOT_INPUT, token_input))  # noqa: S308


@register.tag("formcache")
def do_formcache(parser, token):
    """`{% formcache 600 name var… %}…{% endformcache %}`: the arguments of `{% cache %}`,
    for a fragment holding forms. Keep the viewer (user.pk) in the key."""
    nodelist = parser.parse(("endformcache",))
    parser.delete_first_token()
    bits = token.split_contents()
    if len(bits) < 3:
        raise template.TemplateSyntaxError(f"{bits[0]!r} takes a timeout and a name.")
    return FormCacheNode(
        nodelist,
        parser.compile_filter(bits[1]),
        bits[2],
        [parser.compile_filter(bit) for bit in bits[3:]],
        None,
    )
