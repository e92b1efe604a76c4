"""An uploaded export kept on the server between the preview and the commit.

The file lies under MEDIA_ROOT/private/staff-imports/ (never served: the proxy serves
only the site's pictures) under a random token, and the session says which token belongs
to whom: the commit reads the very file HR previewed, and nobody else's. Nothing of the
file goes through the browser a second time.
"""

from __future__ import annotations

import re
import secrets
from pathlib import Path

from django.conf import settings

SESSION_KEY = "staff_import"
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def _folder() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "private" / "staff-imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def upload_keep(request, upload, *, full: bool) -> str:
    upload_forget(request)
    token = secrets.token_urlsafe(24)
    with open(_folder() / token, "wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    request.session[SESSION_KEY] = {
        "token": token,
        "user": request.user.pk,
        "full": full,
        "name": upload.name[:120],
    }
    return token


def upload_get(request, token: str) -> tuple[Path, dict] | None:
    """The kept file and what was said about it, when `token` is this person's."""
    kept = request.session.get(SESSION_KEY) or {}
    if not _TOKEN.match(token) or kept.get("token") != token:
        return None
    if kept.get("user") != request.user.pk:
        return None
    path = _folder() / token
    return (path, kept) if path.exists() else None


def upload_forget(request) -> None:
    kept = request.session.pop(SESSION_KEY, None) or {}
    token = kept.get("token", "")
    if _TOKEN.match(token):
        (_folder() / token).unlink(missing_ok=True)
