"""API tokens in the admin: who has one, its first characters and expiry; site admins may revoke them.

The key itself is never stored, so it cannot be shown; DRF's own token admin (plain keys) is removed.
"""

from django.contrib import admin
from rest_framework.authtoken.admin import TokenProxy

from .models import ApiToken

if admin.site.is_registered(TokenProxy):
    admin.site.unregister(TokenProxy)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "key_start", "created", "expires_at"]
    search_fields = ["user__username", "prefix"]
    fields = ["user", "key_start", "created", "expires_at"]
    readonly_fields = fields

    @admin.display(description="key starts with")
    def key_start(self, token):
        return f"{token.prefix}…"

    def has_add_permission(self, request):
        return False  # a key is shown to its owner only, on /accounts/tokens/

    def has_change_permission(self, request, obj=None):
        return False
