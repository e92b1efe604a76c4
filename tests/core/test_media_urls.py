"""Pictures are served by the app only with debug on (the demo); documents never."""

import importlib

from django.urls import clear_url_caches

import lms.urls


def _reload():
    clear_url_caches()
    return importlib.reload(lms.urls)


def test_with_debug_on_the_demo_serves_pictures_but_not_documents(settings, client, db, tmp_path):
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "a.jpg").write_bytes(b"jpeg")
    (tmp_path / "documents").mkdir()
    (tmp_path / "documents" / "secret.pdf").write_bytes(b"pdf")
    try:
        settings.ROOT_URLCONF = _reload().__name__
        assert client.get("/media/images/a.jpg").status_code == 200
        assert client.get("/media/documents/secret.pdf").status_code == 404
    finally:
        settings.DEBUG = False
        _reload()


def test_with_debug_off_the_app_serves_no_media(client, db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "a.jpg").write_bytes(b"jpeg")
    _reload()
    assert client.get("/media/images/a.jpg").status_code == 404
