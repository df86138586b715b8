"""Who may read, write, publish and confirm documents; built only on the kernel's scope primitives.

* A document is **kept** (drafted, edited, given a new version, its confirmations read) by the
  managers of its department — the heads who see that department (``visible_departments``), the
  club's store manager and the owner; a whole-club document by the store manager and the owner.
* It is **published** by its approver only.
* It is **read** by those who keep it and its approver (drafts included); once published, a rule,
  SOP, script or standard by everyone working in its club, a research report by the club's managers.
* It is **confirmed** by the active people of its club whose position and department it applies to.

Another club's document: 404. One of the viewer's club they may not open or change: 403.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404

from staff.access import club_or_404, in_viewer_clubs, is_manager, is_store_manager_of, sees_every_club, \
    visible_departments
from staff.models import Department, Person, Role

from .models import RESEARCH_KINDS, Attachment, Document, DocumentVersion


def writes_documents(viewer):
    """Whether ``viewer`` may start documents at all: the club's managers and the owner."""
    return is_manager(viewer)


def keeps_whole_club(viewer, club):
    """Whole-club documents (no department): the owner and the club's store manager."""
    return sees_every_club(viewer) or is_store_manager_of(viewer, club.pk)


def departments_kept(viewer, club):
    """The departments of ``club`` whose documents ``viewer`` keeps."""
    if not writes_documents(viewer):
        return Department.objects.none()
    return visible_departments(viewer).filter(club=club)


def may_keep(viewer, document):
    """Draft, edit, start a new version, add files, read the confirmations."""
    if not in_viewer_clubs(viewer, document.club_id) or not writes_documents(viewer):
        return False
    if keeps_whole_club(viewer, document.club):
        return True
    return document.department_id is not None and visible_departments(viewer).filter(
        pk=document.department_id).exists()


def may_publish(viewer, document):
    return document.approver_id == viewer.pk and viewer.is_active


def may_see_confirmations(viewer, document):
    return may_keep(viewer, document) or may_publish(viewer, document)


def _kept_filter(viewer):
    """A Q over Document: those ``viewer`` keeps."""
    if sees_every_club(viewer):
        return Q()
    if not writes_documents(viewer):
        return Q(pk__in=[])
    if viewer.position == Role.STORE_MANAGER:
        return Q(club_id=viewer.club_id)
    return Q(club_id=viewer.club_id, department__in=visible_departments(viewer))


def kept_filter(viewer):
    return _kept_filter(viewer)


def document_filter(viewer):
    """A Q over Document: those ``viewer`` may open."""
    if sees_every_club(viewer):
        return Q()
    published = Q(club_id=viewer.club_id, current__isnull=False)
    if not is_manager(viewer):
        published &= ~Q(kind__in=RESEARCH_KINDS)
    return _kept_filter(viewer) | Q(approver=viewer) | published


def may_read(viewer, document):
    return Document.objects.filter(document_filter(viewer), pk=document.pk).exists()


def get_document(viewer, pk, *, keep=False, publish=False):
    """A document the viewer may open (``keep``: and keep; ``publish``: and publish): 404 for another club's."""
    document = get_object_or_404(
        Document.objects.select_related("club", "department", "approver", "current", "current__published_by"), pk=pk
    )
    club_or_404(viewer, document.club_id)
    if not (may_read(viewer, document) or may_publish(viewer, document)):
        raise PermissionDenied
    if keep and not may_keep(viewer, document):
        raise PermissionDenied
    if publish and not may_publish(viewer, document):
        raise PermissionDenied
    return document


def may_read_version(viewer, version):
    """A draft is read by those who keep the document and its approver; a published version by its readers."""
    if version.is_draft:
        return may_see_confirmations(viewer, version.document)
    return True


def get_version(viewer, pk):
    version = get_object_or_404(DocumentVersion.objects.select_related("document", "published_by"), pk=pk)
    version.document = get_document(viewer, version.document_id)
    if not may_read_version(viewer, version):
        raise PermissionDenied
    return version


def get_attachment(viewer, pk, *, keep=False):
    """A file of a version the viewer may read (``keep``: of a document they keep)."""
    attachment = get_object_or_404(Attachment.objects.select_related("version"), pk=pk)
    version = attachment.version
    version.document = get_document(viewer, version.document_id, keep=keep)
    if not may_read_version(viewer, version):
        raise PermissionDenied
    return attachment


def may_acknowledge(viewer, document):
    return document.current_id is not None and document.applies_to(viewer)


def approvers(club):
    """Who may approve a document of ``club``: its store manager and department heads, and the owner."""
    from staff.models import DEPARTMENT_HEADS

    return Person.objects.active().filter(
        Q(club=club, position__in=[Role.STORE_MANAGER, *DEPARTMENT_HEADS]) | Q(position=Role.OWNER)
    ).order_by("name")
