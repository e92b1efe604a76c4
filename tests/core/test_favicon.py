import pytest
from django.http import HttpResponse
from django.test import override_settings
from whitenoise.middleware import WhiteNoiseMiddleware

pytestmark = pytest.mark.django_db

ICO_HEADER = b"\x00\x00\x01\x00"  # reserved, type 1 = icon


def test_favicon_ico_answers_with_an_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content).startswith(ICO_HEADER)


@override_settings(WHITENOISE_AUTOREFRESH=False)
@pytest.mark.filterwarnings("ignore:No directory at")  # nothing collected into STATIC_ROOT
def test_production_serves_the_favicon_from_the_files_read_at_start_up(rf):
    middleware = WhiteNoiseMiddleware(lambda request: HttpResponse(status=404))
    response = middleware(rf.get("/favicon.ico"))
    assert response.status_code == 200
    assert "max-age=3600" in response["Cache-Control"]


def test_pages_link_the_favicon_beside_the_svg_icon(client):
    html = client.get("/").content.decode()
    assert '<link rel="icon" href="/favicon.ico" sizes="32x32">' in html
    assert 'type="image/svg+xml"' in html
