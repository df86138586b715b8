from django.contrib import admin

from .models import OutboxJob


@admin.register(OutboxJob)
class OutboxJobAdmin(admin.ModelAdmin):
    list_display = ["pk", "task", "created", "sent_at", "attempts", "last_error"]
    list_filter = [("sent_at", admin.EmptyFieldListFilter), "task"]
    readonly_fields = ["task", "args", "kwargs", "created", "sent_at", "attempts", "last_error"]
    date_hierarchy = "created"

    def has_add_permission(self, request):
        return False
