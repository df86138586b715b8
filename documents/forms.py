"""Documents' forms: they validate, keep what was typed and say what is wrong in the user's language."""

import os

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kernel.fields import MINUTES, SHORT_TEXT, limit_text
from kernel.months import parse_month
from staff.models import Department, Role
from staff.templatetags.form_words import BlanksInWords

from . import access
from .models import RESEARCH_KINDS, RULE_KINDS, Kind

# What may be attached to a document: extension → (content type, check of the first bytes).
MAX_UPLOAD_MB = 20
UPLOAD_TYPES = {
    ".pdf": ("application/pdf", lambda head: head.startswith(b"%PDF-")),
    ".png": ("image/png", lambda head: head.startswith(b"\x89PNG\r\n\x1a\n")),
    ".jpg": ("image/jpeg", lambda head: head.startswith(b"\xff\xd8\xff")),
    ".jpeg": ("image/jpeg", lambda head: head.startswith(b"\xff\xd8\xff")),
    ".mp4": ("video/mp4", lambda head: head[4:8] == b"ftyp"),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
              lambda head: head.startswith(b"PK\x03\x04")),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
              lambda head: head.startswith(b"PK\x03\x04")),
    ".pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation",
              lambda head: head.startswith(b"PK\x03\x04")),
    ".txt": ("text/plain", lambda head: _is_text(head)),
}
WHOLE_CLUB = ""
# The positions a rule can apply to: everyone who works in a club.
CLUB_POSITIONS = [(value, label) for value, label in Role.choices if value != Role.OWNER]


def _is_text(head):
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start > len(head) - 4  # a character cut at the end of the sample
    return b"\x00" not in head


@limit_text(title=SHORT_TEXT, month=7)
class DocumentForm(BlanksInWords, forms.Form):
    """A document's settings: what it is, whose it is, who approves it and whom it asks to confirm."""

    title = forms.CharField(label=_("Title"))
    kind = forms.ChoiceField(label=pgettext_lazy("document", "Kind"), choices=Kind.choices)
    department = forms.ChoiceField(label=_("Department"), required=False)
    approver = forms.ChoiceField(label=_("Approver"), help_text=_("Publishes each version."))
    month = forms.CharField(
        label=_("Month"), required=False, widget=forms.TextInput(attrs={"type": "month", "placeholder": "2026-11"}),
        help_text=_("Research reports: the month the report is filed for (YYYY-MM)."),
    )
    requires_acknowledgement = forms.BooleanField(
        label=_("Everyone it applies to must confirm they have read it"), required=False,
        help_text=_("Rules, procedures, scripts and standards only. A new version asks everyone again."),
    )
    positions = forms.MultipleChoiceField(
        label=_("Applies to positions"), choices=CLUB_POSITIONS, required=False,
        widget=forms.CheckboxSelectMultiple, help_text=_("None ticked: every position."),
    )
    department_kinds = forms.MultipleChoiceField(
        label=_("Applies to departments"), choices=Department.Kind.choices, required=False,
        widget=forms.CheckboxSelectMultiple, help_text=_("None ticked: every department."),
    )

    def __init__(self, *args, viewer, club, document=None, **kwargs):
        if document is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "title": document.title, "kind": document.kind,
                "department": str(document.department_id or WHOLE_CLUB), "approver": str(document.approver_id),
                "month": f"{document.period:%Y-%m}" if document.period else "",
                "requires_acknowledgement": document.requires_acknowledgement,
                "positions": document.positions, "department_kinds": document.department_kinds,
            }
        super().__init__(*args, **kwargs)
        self.club = club
        departments = list(access.departments_kept(viewer, club).order_by("kind"))
        choices = [(str(d.pk), d.get_kind_display()) for d in departments]
        if access.keeps_whole_club(viewer, club) or (document is not None and document.department_id is None):
            choices.insert(0, (WHOLE_CLUB, _("The whole club")))
        self.fields["department"].choices = choices
        self._departments = {str(d.pk): d for d in departments}
        people = list(access.approvers(club))
        self.fields["approver"].choices = [("", _("Choose the approver"))] + [
            (str(p.pk), f"{p.name} · {p.get_position_display()}") for p in people]
        self._approvers = {str(p.pk): p for p in people}

    def clean_department(self):
        raw = self.cleaned_data["department"]
        if raw == WHOLE_CLUB:
            return None
        return self._departments[raw]

    def clean_approver(self):
        return self._approvers[self.cleaned_data["approver"]]

    def clean_month(self):
        raw = self.cleaned_data["month"].strip()
        if not raw:
            return None
        month = parse_month(raw)
        if month is None:
            raise forms.ValidationError(_("Give the month as YYYY-MM, e.g. 2026-11."))
        return month

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind in RESEARCH_KINDS:
            if "month" in data and data["month"] is None:
                self.add_error("month", _("A research report is filed for a month: give it."))
            if data.get("requires_acknowledgement"):
                self.add_error("requires_acknowledgement",
                               _("Only rules, procedures, scripts and standards ask people to confirm."))
        elif kind in RULE_KINDS:
            data["month"] = None
        if not data.get("requires_acknowledgement"):
            data["positions"], data["department_kinds"] = [], []
        return data

    def document_fields(self):
        data = self.cleaned_data
        return {
            "title": data["title"].strip(), "kind": data["kind"], "department": data["department"],
            "approver": data["approver"], "period": data["month"],
            "requires_acknowledgement": data["requires_acknowledgement"],
            "positions": list(data["positions"]), "department_kinds": list(data["department_kinds"]),
        }


@limit_text(body=MINUTES, note=500)
class DraftForm(BlanksInWords, forms.Form):
    """A draft version's text."""

    body = forms.CharField(
        label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Markdown: # heading, **bold**, - list, 1. steps, | table |."),
    )
    note = forms.CharField(label=_("What changed"), required=False,
                           help_text=_("Shown in the version history, e.g. “Step 3 now 5 minutes”."))


@limit_text(name=SHORT_TEXT)
class AttachmentForm(BlanksInWords, forms.Form):
    file = forms.FileField(label=_("File"), help_text=_("PDF, pictures (JPG, PNG), MP4 video, Word, Excel, "
                                                        "PowerPoint or text; at most %(mb)s MB.") % {"mb": MAX_UPLOAD_MB})
    name = forms.CharField(label=pgettext_lazy("thing", "Name"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        extension = os.path.splitext(upload.name)[1].lower()
        if extension not in UPLOAD_TYPES:
            raise forms.ValidationError(
                _("“%(name)s” is not a file type a document may have (PDF, JPG, PNG, MP4, DOCX, XLSX, PPTX, TXT)."),
                params={"name": upload.name},
            )
        if upload.size > MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(
                _("“%(name)s” is too large: at most %(mb)s MB."), params={"name": upload.name, "mb": MAX_UPLOAD_MB}
            )
        content_type, looks_right = UPLOAD_TYPES[extension]
        upload.seek(0)
        head = upload.read(2048)
        upload.seek(0)
        if not head or not looks_right(head):
            raise forms.ValidationError(
                _("“%(name)s” does not contain what its name says (%(ext)s)."),
                params={"name": upload.name, "ext": extension},
            )
        self.content_type = content_type
        return upload


class ListFilter(BlanksInWords, forms.Form):
    """The document list's filters (GET): a bad value is ignored, not an error page."""

    kind = forms.ChoiceField(label=pgettext_lazy("document", "Kind"), required=False,
                             choices=[("", _("All kinds")), *Kind.choices])
    department = forms.ChoiceField(label=_("Department"), required=False)
    mine = forms.BooleanField(label=_("To confirm"), required=False)

    def __init__(self, *args, club, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", _("All departments")), ("club", _("The whole club"))] + [
            (str(d.pk), d.get_kind_display()) for d in club.departments.order_by("kind")]
