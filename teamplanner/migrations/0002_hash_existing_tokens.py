"""Existing plain-text tokens (DRF's authtoken table) become hashed API tokens with the same key.

Their owners keep using their keys; the plain keys are deleted. There is no way back: a digest cannot be
turned into its key again.
"""

import hashlib

from django.db import migrations


def hash_tokens(apps, schema_editor):
    OldToken = apps.get_model("authtoken", "Token")
    ApiToken = apps.get_model("teamplanner", "ApiToken")
    for old in OldToken.objects.select_related("user").iterator():
        ApiToken.objects.update_or_create(
            user=old.user,
            defaults={
                "prefix": old.key[:8],
                "digest": hashlib.sha256(old.key.encode()).hexdigest(),
                "password_stamp": hashlib.sha256(old.user.password.encode()).hexdigest()[:32],
                "created": old.created,
                "expires_at": None,
            },
        )
    OldToken.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("teamplanner", "0001_initial"),
        ("authtoken", "0004_alter_tokenproxy_options"),
    ]

    operations = [migrations.RunPython(hash_tokens, migrations.RunPython.noop)]
