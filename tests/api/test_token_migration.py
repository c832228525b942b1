"""Tokens made before keys were hashed keep working after the migration, and their plain keys are gone."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from rest_framework.test import APIClient

from teamplanner.models import ApiToken, key_digest

BEFORE = [("teamplanner", "0001_initial")]
AFTER = [("teamplanner", "0002_hash_existing_tokens")]


@pytest.mark.django_db(transaction=True)
def test_existing_plain_tokens_are_hashed_and_keep_working(org, make_member):
    user = make_member(org, "viewer")
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_apps = executor.loader.project_state([*BEFORE, ("authtoken", "0004_alter_tokenproxy_options")]).apps
    old_key = "0123456789abcdef0123456789abcdef01234567"
    old_apps.get_model("authtoken", "Token").objects.create(key=old_key, user_id=user.pk)

    executor = MigrationExecutor(connection)  # a fresh graph, as `migrate` would load it
    executor.migrate(AFTER)

    token = ApiToken.objects.get(user=user)
    assert token.prefix == old_key[:8] and token.digest == key_digest(old_key)
    new_apps = executor.loader.project_state(AFTER).apps
    assert not new_apps.get_model("authtoken", "Token").objects.exists()  # no plain key is left
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {old_key}")
    response = api.get(f"/api/v1/orgs/{org.slug}/")
    assert response.status_code == 200 and response.json()["slug"] == org.slug

    user.set_password("a-new-Pass-phrase-9")  # and the migrated token is revoked like any other
    user.save()
    assert api.get(f"/api/v1/orgs/{org.slug}/").status_code == 401
