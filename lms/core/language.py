"""Content entered in Swedish with an optional English name beside it."""

from django.utils.translation import get_language


def in_reader_language(swedish: str, english: str) -> str:
    """The English name in the English interface when there is one, else the Swedish:
    Swedish is the source language, so a missing translation is never a blank."""
    if english and (get_language() or "").startswith("en"):
        return english
    return swedish
