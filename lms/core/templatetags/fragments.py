"""Fragment caching keyed on the data versions (lms.core.versions).

    {% load cache fragments %}{% data_version "programme" as pv %}
    {% cache 600 course-rows pv LANGUAGE_CODE %}…{% endcache %}

A bump of the version makes every fragment built from that data stale at once, so the
timeout only bounds how long an unused fragment stays in the cache. Keep CSRF tokens
out of cached fragments: put one form outside and point buttons at it with form="…".
"""

from django import template

from lms.core import versions

register = template.Library()


@register.simple_tag
def data_version(name: str) -> int:
    return versions.current(name)
