"""The one tag for cached HTML, and parts of shared pages (lms.core.fragments).

    {% load fragments %}
    {% fragment "plan-page" plan.pk %}…{% endfragment %}
    {% part "module-status" module_id=page.module_id %}

The fragment's name must be in `lms.core.fragments.FRAGMENTS`, which says what data it
shows; the values after the name are what else tells two copies apart (the plan, a
page number). Inside a fragment `{% csrf_token %}` renders a slot that each request
fills with its own token.
"""

from django import template

from lms.core import fragments

register = template.Library()


def _request_and_viewer(context):
    request = context.get("request")
    viewer = context.get("user") or getattr(request, "user", None)
    return request, viewer


class FragmentNode(template.Node):
    def __init__(self, name: str, nodelist, vary: list):
        self.name = name
        self.nodelist = nodelist
        self.vary = vary

    def render(self, context):
        request, viewer = _request_and_viewer(context)
        vary = [value.resolve(context) for value in self.vary]
        # Inside a page that is itself stored with slots, the slots stay for the page's
        # own filling; otherwise this request's token goes in.
        outer_slots = context.get("csrf_token") == fragments.CSRF_SLOT

        def build() -> str:
            with context.push(csrf_token=fragments.CSRF_SLOT):
                return self.nodelist.render(context)

        html = fragments.cached_html(self.name, viewer=viewer, vary=vary, build=build)
        if outer_slots:
            return html
        return fragments.fill_csrf(html, request)


def _name(parser, bit: str, tag: str) -> str:
    if len(bit) < 3 or bit[0] != bit[-1] or bit[0] not in "'\"":
        raise template.TemplateSyntaxError(f"{tag} takes the fragment's name in quotes.")
    name = bit[1:-1]
    if name not in fragments.FRAGMENTS:
        raise template.TemplateSyntaxError(
            f"{tag}: no fragment {name!r} in lms.core.fragments.FRAGMENTS."
        )
    return name


@register.tag("fragment")
def do_fragment(parser, token):
    """`{% fragment "name" value… %}…{% endfragment %}`: cached as FRAGMENTS[name] says."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("fragment takes the fragment's name.")
    name = _name(parser, bits[1], "fragment")
    if fragments.FRAGMENTS[name].template:
        raise template.TemplateSyntaxError(f"{name!r} is a part: use {{% part %}}.")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(name, nodelist, [parser.compile_filter(bit) for bit in bits[2:]])


class PartNode(template.Node):
    def __init__(self, name: str, values: dict):
        self.name = name
        self.values = values

    def render(self, context):
        values = {key: value.resolve(context) for key, value in self.values.items()}
        if context.get(fragments.SHARED_PAGE):
            return fragments.part_marker(self.name, values)
        request, _viewer = _request_and_viewer(context)
        html = fragments.render_part(self.name, values, request)
        if context.get("csrf_token") == fragments.CSRF_SLOT:
            return html
        return fragments.fill_csrf(html, request)


@register.tag("part")
def do_part(parser, token):
    """`{% part "name" key=value… %}`: a personal part of a page, rendered from its
    template with only these values and the request (so that it can be filled into a
    shared page later)."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("part takes the part's name.")
    name = _name(parser, bits[1], "part")
    if not fragments.FRAGMENTS[name].template:
        raise template.TemplateSyntaxError(f"{name!r} has no template: use {{% fragment %}}.")
    values = {}
    for bit in bits[2:]:
        key, sep, expression = bit.partition("=")
        if not sep:
            raise template.TemplateSyntaxError(f"part takes key=value, not {bit!r}.")
        values[key] = parser.compile_filter(expression)
    return PartNode(name, values)
