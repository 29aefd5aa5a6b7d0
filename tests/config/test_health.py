"""`/healthz/` for load balancers: 200 while the database answers, 503 when it does not."""

from unittest import mock

from django.db import OperationalError


def test_healthy(client, db):
    response = client.get("/healthz/")

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok"}


def test_the_database_down_gives_503(client, db):
    with mock.patch("config.health.connection.cursor", side_effect=OperationalError("gone")):
        response = client.get("/healthz/")

    assert response.status_code == 503
    assert response.json() == {"database": "unavailable"}
