"""With the Redis cache unreachable, people still sign in, read pages and use the API.

The cache is pointed at a port where nothing listens (as when Redis is down): log-in and API rate
limits are not counted meanwhile, forecast inputs are recomputed, and nothing fails.
"""

import logging

import pytest
from django.core.cache import caches
from rest_framework.test import APIClient

from teamplanner.tokens import token_issue
from tests.faults.conftest import free_port

pytestmark = pytest.mark.django_db


@pytest.fixture
def cache_down(settings):
    pytest.importorskip("redis")
    settings.CACHES = {
        "default": {
            "BACKEND": "teamplanner.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    # Django rebuilds the cache handlers when CACHES changes (the setting_changed signal).
    assert type(caches["default"]).__name__ == "ResilientRedisCache"


def test_the_cache_misses_instead_of_failing(cache_down, caplog):
    from django.core.cache import cache

    with caplog.at_level(logging.WARNING, logger="teamplanner.cache"):
        cache.set("k", 1)
        assert cache.get("k") is None and cache.get("k", 7) == 7
        assert cache.get_or_set("k", 3) == 3
        assert cache.add("k", 1) is False and cache.delete("k") is False
        assert cache.get_many(["a", "b"]) == {}
    assert "Cache unreachable" in caplog.text


def test_sign_in_pages_and_api_work_without_the_cache(cache_down, client, org, make_member):
    user = make_member(org, "admin", username="ada", password="ada-pass-4711")
    response = client.post("/accounts/login/", {"username": "ada", "password": "wrong"})
    assert response.status_code == 200 and b"correct username and password" in response.content
    response = client.post("/accounts/login/", {"username": "ada", "password": "ada-pass-4711"})
    assert response.status_code == 302
    for url in (f"/o/{org.slug}/", f"/o/{org.slug}/planning/forecast/", f"/o/{org.slug}/results/"):
        assert client.get(url).status_code == 200, url
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token_issue(user=user)}")
    assert api.get(f"/api/v1/orgs/{org.slug}/teams/").status_code == 200
