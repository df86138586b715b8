"""Documents the tests talk about, built on ``conftest.world``."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone, translation

from documents.models import Attachment, Document, DocumentVersion
from staff.models import Department

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def make_document(club, approver, *, title="Floor rules", kind="rule", department="massage", published=True,
                  file=False, body="# Rules\n\n1. Be on time.", period=None, **fields):
    """A document of ``club`` with version 1: published by ``approver`` (``published``) or a draft."""
    document = Document.objects.create(
        club=club, department=Department.objects.get(club=club, kind=department) if department else None,
        kind=kind, title=title, approver=approver, created_by=approver,
        period=datetime.date.fromisoformat(period) if period else None, **fields,
    )
    version = DocumentVersion.objects.create(document=document, number=1, body=body, drafted_by=approver)
    if file:
        Attachment.objects.create(version=version, file=ContentFile(PDF, name="steps.pdf"), name="steps.pdf",
                                  content_type="application/pdf", size=len(PDF), uploaded_by=approver)
    if published:
        version.state = DocumentVersion.State.PUBLISHED
        version.published_by, version.published_at = approver, timezone.now()
        version.save()
        document.current = version
        document.save()
    return document


def zh(message, context=None, **params):
    """``message`` as the simplified Chinese page shows it (with ``params`` filled in)."""
    with translation.override("zh-hans"):
        text = translation.pgettext(context, message) if context else translation.gettext(message)
    return text % params if params else text
