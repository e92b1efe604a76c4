from unittest import mock

import pytest
from django.db import DatabaseError

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_without_login(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_healthz_reports_503_when_the_database_does_not_answer(client):
    with mock.patch("lms.core.views.connection.cursor", side_effect=DatabaseError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_healthz_refuses_post(client):
    assert client.post("/healthz").status_code == 405
