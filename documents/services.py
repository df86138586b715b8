"""Changes to documents: create, edit a draft, start a new version, publish, confirm, attach files.

The services refuse what the rules refuse (``DocumentRefused``, with a message in the user's
language), whatever page sent the request: a published version is never changed, only the
approver publishes, only the people a document applies to confirm it, and a confirmation is of
the version that is current.
"""

import os

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kernel.clock import club_today
from staff import registry
from staff.models import Person
from staff.notices import in_every_language, notify

from .models import Acknowledgement, Attachment, Document, DocumentVersion

NOTICE_KIND = "document"  # a notice's kind: "document:<document id>:<version number>"


class DocumentRefused(Exception):
    pass


def notice_kind(version):
    return f"{NOTICE_KIND}:{version.document_id}:{version.number}"


@transaction.atomic
def document_create(*, club, by, fields, body="", note=""):
    """A new document of ``club`` with its first version as a draft."""
    document = Document.objects.create(club=club, created_by=by, **fields)
    DocumentVersion.objects.create(document=document, number=1, body=body, note=note, drafted_by=by)
    return document


def document_update(*, document, fields):
    for name, value in fields.items():
        setattr(document, name, value)
    document.save()
    return document


def draft_of(document):
    return document.versions.filter(state=DocumentVersion.State.DRAFT).first()


def draft_save(*, version, body, note, by):
    if not version.is_draft:
        raise DocumentRefused(_("A published version cannot be changed; start a new version."))
    version.body, version.note, version.drafted_by = body, note, by
    version.save(update_fields=["body", "note", "drafted_by"])
    return version


@transaction.atomic
def version_start(*, document, by):
    """The document's draft: the open one, or a new one copied from the current version (text and files)."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    draft = draft_of(document)
    if draft is not None:
        return draft
    number = (document.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    current = document.current
    draft = DocumentVersion.objects.create(
        document=document, number=number, body=current.body if current else "", drafted_by=by,
    )
    if current is not None:
        for old in current.attachments.all():
            Attachment.objects.create(version=draft, file=old.file.name, name=old.name,
                                      content_type=old.content_type, size=old.size, uploaded_by=old.uploaded_by)
    return draft


def publish(*, document, by):
    """The approver publishes the draft: it becomes the current version, read-only; everyone it applies to is asked."""
    with transaction.atomic():
        document = Document.objects.select_for_update().select_related("club").get(pk=document.pk)
        if document.approver_id != by.pk:
            raise DocumentRefused(_("Only the approver, %(name)s, publishes this document.")
                                  % {"name": document.approver.name})
        draft = draft_of(document)
        if draft is None:
            raise DocumentRefused(_("There is no draft to publish."))
        if not draft.body.strip() and not draft.attachments.exists():
            raise DocumentRefused(_("Write the text or add a file before publishing."))
        draft.state = DocumentVersion.State.PUBLISHED
        draft.published_by, draft.published_at = by, timezone.now()
        draft.save(update_fields=["state", "published_by", "published_at"])
        document.current = draft
        document.save(update_fields=["current"])
        asked = ask_to_confirm(document, draft)
        if document.is_research and draft.drafted_by_id:
            # "write the market analysis report" in its writer's checklist ticks itself (Evidence.RESEARCH_FILED)
            registry.record_evidence(person=draft.drafted_by, kind="research_filed", day=club_today(document.club),
                                     note=document.title)
    return draft, asked


def ask_to_confirm(document, version):
    """A notice to each person the document applies to: a new version to read and confirm."""
    if not document.requires_acknowledgement:
        return 0
    day = club_today(document.club)
    title, number = document.title, version.number
    text = in_every_language(lambda: _("Version %(number)s of “%(title)s” was published: read it and confirm.")
                             % {"number": number, "title": title})
    asked = 0
    for person in Person.objects.filter(document.applies_filter()).select_related("user"):
        asked += notify(person, notice_kind(version), day, text)
    return asked


def acknowledge(*, document, person, number):
    """``person`` confirms version ``number`` of ``document``; it must still be the current one."""
    if not document.applies_to(person):
        raise DocumentRefused(_("This document does not ask you to confirm it."))
    current = document.current
    if current is None or current.number != number:
        raise DocumentRefused(_("A new version was published while you were reading: read it and confirm again."))
    acknowledgement, _created = Acknowledgement.objects.get_or_create(version=current, person=person)
    return acknowledgement


def attachment_add(*, version, upload, content_type, by, name=""):
    """Keep an uploaded file (already checked by ``forms.AttachmentForm``) with a draft.

    ``name`` is what people see and download it as; it keeps the file's extension.
    """
    if not version.is_draft:
        raise DocumentRefused(_("A published version cannot be changed; start a new version."))
    extension = os.path.splitext(upload.name)[1].lower()
    if name and not name.lower().endswith(extension):
        name = f"{name[:200 - len(extension)]}{extension}"
    return Attachment.objects.create(version=version, file=upload, name=(name or upload.name)[:200],
                                     content_type=content_type, size=upload.size, uploaded_by=by)


def attachment_delete(*, attachment):
    """Remove a file from a draft; the stored file stays while an earlier version still has it."""
    if not attachment.version.is_draft:
        raise DocumentRefused(_("A published version cannot be changed; start a new version."))
    shared = Attachment.objects.filter(file=attachment.file.name).exclude(pk=attachment.pk).exists()
    if not shared:
        attachment.file.delete(save=False)
    attachment.delete()
