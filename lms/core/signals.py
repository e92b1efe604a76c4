"""Signals any app may send without knowing who listens (the import direction runs
upwards: the notification log lives above the apps that send their own e-mail)."""

from django.dispatch import Signal

#: An app sent an e-mail of its own to a person: kwargs `user`, `kind` (a notification
#: kind code), `subject`, `url` (a path, may be empty). The notification log records it.
mail_sent = Signal()
