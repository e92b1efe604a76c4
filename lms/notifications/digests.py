"""Kinds of notification (see kinds.py); registered on import from catalogue.py."""
