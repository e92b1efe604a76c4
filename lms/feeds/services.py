"""Writes for feed tokens: issue (replacing any earlier link) and revoke."""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from lms.accounts.models import User
from lms.core import versions

from .models import FeedToken

#: 32 random bytes = 256 bits, URL-safe base64 (43 characters).
TOKEN_BYTES = 32
#: The version bumped whenever a personal link is issued or revoked.
TOKENS = "feed-tokens"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def feed_token_revoke(*, user: User) -> int:
    """Stop every working link of the person. Returns how many were revoked."""
    revoked = FeedToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    versions.bump(TOKENS)
    return revoked


@transaction.atomic
def feed_token_issue(*, user: User) -> str:
    """A new personal link; earlier ones stop working. The raw token is returned once."""
    # Lock the person so two clicks at once cannot leave two working links.
    User.objects.select_for_update().filter(pk=user.pk).first()
    feed_token_revoke(user=user)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    FeedToken.objects.create(user=user, token_hash=hash_token(token))
    versions.bump(TOKENS)
    return token
