"""Cache-key parts for plan fragments that show what other apps add (lms.plans.extensions)."""

from django import template

from lms.plans import extensions

register = template.Library()


@register.simple_tag
def plan_row_versions() -> str:
    return extensions.row_versions()
