import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _swedish():
    """The renderers translate at build time. A view test that served an English-speaking
    user leaves English active in this thread (the language middleware activates and never
    resets), so pin Swedish here instead of depending on the order tests run in."""
    with translation.override("sv"):
        yield
