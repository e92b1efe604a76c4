"""`{{ field|options }}`: a menu's options written in Python. The figures page's four menus
hold some seventy options; through the template language they cost more than the rest
of a cached page."""

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()


@register.filter
def options(field) -> str:
    value = field.value()
    chosen = "" if value is None else str(value)
    return format_html_join(
        "",
        "{}",
        (
            (
                format_html('<option value="{}" selected>{}</option>', key, label)
                if str(key) == chosen
                else format_html('<option value="{}">{}</option>', key, label),
            )
            for key, label in field.field.choices
        ),
    )
