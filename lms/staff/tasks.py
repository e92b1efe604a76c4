"""Background work for the staff import, run by django-q2."""

from .services import staff_leavers_deactivate


def leavers_deactivate() -> int:
    """Daily: accounts whose end date has come are closed, their plans too."""
    return staff_leavers_deactivate()
