from django.contrib import admin

from .models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["pk", "task_name", "args", "created_at", "sent_at", "attempts"]
    list_filter = ["sent_at"]
    readonly_fields = ["task_name", "args", "created_at", "sent_at", "attempts", "last_error"]
