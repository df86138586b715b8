"""Documents' pages: the list, a document with its current version and confirmations, drafting, publishing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from staff.access import page_club, picker_clubs, viewer_of

from . import access, selectors, services
from .forms import AttachmentForm, DocumentForm, DraftForm, ListFilter
from .models import Document, DocumentVersion
from .text import render as render_text


@login_required
@require_GET
def document_list(request):
    """The club's documents the viewer may open, filtered by kind and department, or those they must confirm."""
    viewer = viewer_of(request)
    club = page_club(request, viewer)
    filters = ListFilter(request.GET or None, club=club)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    documents = (Document.objects.filter(access.document_filter(viewer), club=club)
                 .select_related("department", "current", "current__published_by", "approver"))
    if chosen.get("kind"):
        documents = documents.filter(kind=chosen["kind"])
    if chosen.get("department") == "club":
        documents = documents.filter(department__isnull=True)
    elif chosen.get("department"):
        documents = documents.filter(department_id=chosen["department"])
    documents = list(documents.order_by("kind", "-period", "title", "pk"))
    waiting = {d.pk for d in selectors.to_confirm(viewer)} if viewer.club_id == club.pk else set()
    if chosen.get("mine"):
        documents = [d for d in documents if d.pk in waiting]
    kept = set(Document.objects.filter(access.kept_filter(viewer), club=club).values_list("pk", flat=True))
    counts = selectors.outstanding([d for d in documents if d.pk in kept])
    drafts = set(DocumentVersion.objects.filter(document__in=[d.pk for d in documents],
                                                state=DocumentVersion.State.DRAFT).values_list("document_id", flat=True))
    for document in documents:
        document.to_confirm = document.pk in waiting
        document.outstanding = counts.get(document.pk)
        document.has_draft = document.pk in drafts and (document.pk in kept or document.approver_id == viewer.pk)
    return render(request, "documents/list.html", {
        "club": club, "clubs": picker_clubs(viewer), "filters": filters, "documents": documents,
        "may_write": bool(access.departments_kept(viewer, club).exists() or access.keeps_whole_club(viewer, club)),
        "waiting": len(waiting), "mine": bool(chosen.get("mine")),
    })


def _club_to_write(request, viewer):
    if not access.writes_documents(viewer):
        raise PermissionDenied
    club = page_club(request, viewer)
    if not (access.keeps_whole_club(viewer, club) or access.departments_kept(viewer, club).exists()):
        raise PermissionDenied
    return club


@login_required
@require_http_methods(["GET", "POST"])
def document_add(request):
    """A new document and the text of its first version (a draft)."""
    viewer = viewer_of(request)
    club = _club_to_write(request, viewer)
    data = request.POST if request.method == "POST" else None
    form = DocumentForm(data, viewer=viewer, club=club)
    draft = DraftForm(data)
    if request.method == "POST":
        if form.is_valid() and draft.is_valid():
            document = services.document_create(club=club, by=viewer, fields=form.document_fields(),
                                                body=draft.cleaned_data["body"],
                                                note=draft.cleaned_data["note"].strip())
            messages.success(request, _("The draft was saved. Add files if it needs them; the approver publishes it."))
            return redirect("documents:detail", pk=document.pk)
        messages.error(request, _("Nothing was saved yet; see below. Everything you typed is still here."))
    return render(request, "documents/form.html", {"form": form, "draft_form": draft, "club": club,
                                                   "clubs": picker_clubs(viewer)})


@login_required
@require_http_methods(["GET", "POST"])
def document_edit(request, pk):
    """The document's settings and, when there is one, its draft's text."""
    viewer = viewer_of(request)
    document = access.get_document(viewer, pk, keep=True)
    draft = services.draft_of(document)
    data = request.POST if request.method == "POST" else None
    form = DocumentForm(data, viewer=viewer, club=document.club, document=document)
    draft_form = DraftForm(data, initial={"body": draft.body, "note": draft.note}) if draft else None
    if request.method == "POST":
        if form.is_valid() and (draft_form is None or draft_form.is_valid()):
            services.document_update(document=document, fields=form.document_fields())
            if draft_form is not None:
                services.draft_save(version=draft, body=draft_form.cleaned_data["body"],
                                    note=draft_form.cleaned_data["note"].strip(), by=viewer)
            messages.success(request, _("Saved."))
            return redirect("documents:detail", pk=document.pk)
        messages.error(request, _("Nothing was saved yet; see below. Everything you typed is still here."))
    return render(request, "documents/form.html", {
        "form": form, "draft_form": draft_form, "document": document, "draft": draft, "club": document.club,
    })


def _detail(request, viewer, document, upload_form=None):
    draft = services.draft_of(document)
    keeps = access.may_keep(viewer, document)
    sees_confirmations = access.may_see_confirmations(viewer, document)
    current = document.current
    context = {
        "document": document, "current": current, "draft": draft if sees_confirmations else None,
        "text": render_text(current.body) if current else "",
        "draft_text": render_text(draft.body) if draft and sees_confirmations else "",
        "files": list(current.attachments.all()) if current else [],
        "draft_files": list(draft.attachments.all()) if draft and sees_confirmations else [],
        "keeps": keeps, "may_publish": access.may_publish(viewer, document),
        "applies": access.may_acknowledge(viewer, document),
        "confirmed": selectors.acknowledged(viewer, document) if document.requires_acknowledgement else False,
        "confirmations": selectors.confirmations(document) if sees_confirmations else None,
        "versions": list(document.versions.filter(state=DocumentVersion.State.PUBLISHED)
                         .select_related("published_by").order_by("-number")),
        "upload_form": upload_form or AttachmentForm(),
    }
    return render(request, "documents/detail.html", context)


@login_required
@require_GET
def document_detail(request, pk):
    viewer = viewer_of(request)
    document = access.get_document(viewer, pk)
    return _detail(request, viewer, document)


@login_required
@require_POST
def version_new(request, pk):
    """Start the next version as a draft, from the current text and files."""
    viewer = viewer_of(request)
    document = access.get_document(viewer, pk, keep=True)
    draft = services.version_start(document=document, by=viewer)
    messages.success(request, _("Version %(number)s is a draft now: change it, then the approver publishes it.")
                     % {"number": draft.number})
    return redirect("documents:edit", pk=document.pk)


@login_required
@require_POST
def document_publish(request, pk):
    viewer = viewer_of(request)
    document = access.get_document(viewer, pk, publish=True)
    try:
        version, asked = services.publish(document=document, by=viewer)
    except services.DocumentRefused as error:
        messages.error(request, str(error))
    else:
        if document.requires_acknowledgement:
            messages.success(request, _("Version %(number)s was published; %(count)s people were asked to confirm it.")
                             % {"number": version.number, "count": asked})
        else:
            messages.success(request, _("Version %(number)s was published.") % {"number": version.number})
    return redirect("documents:detail", pk=document.pk)


@login_required
@require_POST
def document_acknowledge(request, pk):
    """The reader confirms they have read the current version and will follow it."""
    viewer = viewer_of(request)
    document = access.get_document(viewer, pk)
    if not access.may_acknowledge(viewer, document):
        raise PermissionDenied
    raw = request.POST.get("version", "")
    try:
        services.acknowledge(document=document, person=viewer, number=int(raw) if raw.isdecimal() else 0)
    except services.DocumentRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Thank you: you confirmed version %(number)s.") % {"number": document.current.number})
    return redirect("documents:detail", pk=document.pk)


@login_required
@require_GET
def version_detail(request, pk):
    """One version's text and files, as it was published (or the draft, for those who keep it)."""
    viewer = viewer_of(request)
    version = access.get_version(viewer, pk)
    return render(request, "documents/version.html", {
        "version": version, "document": version.document, "text": render_text(version.body),
        "files": list(version.attachments.all()),
    })


@login_required
@require_POST
def attachment_upload(request, pk):
    viewer = viewer_of(request)
    document = access.get_document(viewer, pk, keep=True)
    draft = services.draft_of(document)
    if draft is None:
        messages.error(request, _("Files are added to a draft: start a new version first."))
        return redirect("documents:detail", pk=document.pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("The file was not added; see below."))
        return _detail(request, viewer, document, form)
    services.attachment_add(version=draft, upload=form.cleaned_data["file"], content_type=form.content_type,
                            name=form.cleaned_data["name"].strip(), by=viewer)
    messages.success(request, _("The file was added."))
    return redirect("documents:detail", pk=document.pk)


@login_required
@require_GET
def attachment_download(request, pk):
    """Only people who may read the version get its files (they are not served from a public URL)."""
    viewer = viewer_of(request)
    attachment = access.get_attachment(viewer, pk)
    try:
        with attachment.file.open("rb") as handle:
            body = handle.read()
    except FileNotFoundError:
        raise Http404 from None
    response = HttpResponse(body, content_type=attachment.content_type)
    response["Content-Disposition"] = content_disposition_header(True, attachment.name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def attachment_delete(request, pk):
    viewer = viewer_of(request)
    attachment = access.get_attachment(viewer, pk, keep=True)
    document_id = attachment.version.document_id
    try:
        services.attachment_delete(attachment=attachment)
    except services.DocumentRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The file was removed."))
    return redirect("documents:detail", pk=document_id)
