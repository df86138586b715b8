from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Acknowledgement, Attachment, Document, DocumentVersion


@admin.register(Document)
class DocumentAdmin(SimpleHistoryAdmin):
    list_display = ["title", "club", "kind", "department", "approver", "period", "requires_acknowledgement", "current"]
    list_filter = ["club", "kind", "requires_acknowledgement"]
    list_select_related = ["club", "department__club", "approver", "current__document"]
    raw_id_fields = ["department", "approver", "current", "created_by"]
    search_fields = ["title"]


@admin.register(DocumentVersion)
class DocumentVersionAdmin(SimpleHistoryAdmin):
    list_display = ["document", "number", "state", "published_by", "published_at"]
    list_filter = ["state"]
    list_select_related = ["document", "published_by"]
    raw_id_fields = ["document", "drafted_by", "published_by"]


@admin.register(Attachment)
class AttachmentAdmin(SimpleHistoryAdmin):
    list_display = ["name", "version", "content_type", "size", "uploaded_at"]
    list_select_related = ["version__document"]
    raw_id_fields = ["version", "uploaded_by"]


@admin.register(Acknowledgement)
class AcknowledgementAdmin(SimpleHistoryAdmin):
    list_display = ["person", "version", "acknowledged_at"]
    list_select_related = ["person", "version__document"]
    raw_id_fields = ["version", "person"]
