"""Documents' part of the access matrix (tests/test_access_matrix.py): who opens which page, and the objects.

Club 1: ``doc_1``, a massage-department rule published by the store manager (its approver) that
technicians of the massage department must confirm, with a file; ``research_1``, the marketing
department's competitor report; ``draft_1``, a massage-department SOP that is only a draft, with a
file, waiting for the store manager. Club 2: ``doc_2``, its store manager's rule, with a file.
"""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from tests.policy import CLUB_ONE, HEADS, MANAGERS, club1, club2, expect, other_club

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

EVERYONE_SIGNED_IN = expect(200)
READERS_1 = [*CLUB_ONE, "owner"]  # a published rule of club 1: everyone working there, and the owner
MASSAGE_KEEPERS = ["owner", "store_manager", "care_manager", "tech_manager", "dept_manager"]

POLICY = {
    ("documents:list", None): EVERYONE_SIGNED_IN,
    ("documents:list", "?club=club2"): other_club(EVERYONE_SIGNED_IN),
    ("documents:add", None): expect(403, **{p: 200 for p in MANAGERS}),
    ("documents:detail", "doc_1"): club1(READERS_1),
    ("documents:detail", "research_1"): club1(["owner", "store_manager", *HEADS]),
    ("documents:detail", "draft_1"): club1(MASSAGE_KEEPERS),
    ("documents:detail", "doc_2"): club2(["owner", "store_manager_2"]),
    ("documents:edit", "doc_1"): club1(MASSAGE_KEEPERS),
    ("documents:edit", "doc_2"): club2(["owner", "store_manager_2"]),
    ("documents:new_version", "doc_1"): expect(405),
    ("documents:publish", "draft_1"): expect(405),
    ("documents:acknowledge", "doc_1"): expect(405),
    ("documents:attachment_upload", "draft_1"): expect(405),
    ("documents:version", "version_1"): club1(READERS_1),
    ("documents:version", "draft_version_1"): club1(MASSAGE_KEEPERS),
    ("documents:version", "version_2"): club2(["owner", "store_manager_2"]),
    ("documents:attachment", "file_1"): club1(READERS_1),
    ("documents:attachment", "draft_file_1"): club1(MASSAGE_KEEPERS),
    ("documents:attachment", "file_2"): club2(["owner", "store_manager_2"]),
    ("documents:attachment_delete", "draft_file_1"): expect(405),
}

VARIANTS = {
    ("documents:list", None): ["kind=rule", "mine=1", "department=club", "kind=nonsense&department=x"],
}

POST_POLICY = {
    ("documents:new_version", "doc_1"): club1(MASSAGE_KEEPERS),
    ("documents:publish", "draft_1"): club1(["store_manager"]),
    ("documents:acknowledge", "doc_1"): club1(["technician"]),
    ("documents:attachment_upload", "draft_1"): club1(MASSAGE_KEEPERS),
    ("documents:attachment_delete", "draft_file_1"): club1(MASSAGE_KEEPERS),
}

POST_BODIES = {
    "documents:add": {"title": "Intruder rule", "kind": "rule", "department": "", "approver": "1"},
    "documents:edit": {"title": "Intruder rule", "kind": "rule", "department": "", "approver": "1",
                       "body": "Intruder"},
    "documents:new_version": {},
    "documents:publish": {},
    "documents:acknowledge": {"version": "1"},
    "documents:attachment_upload": {"name": "Intruder", "file": "FILE"},
    "documents:attachment_delete": {},
}


class _FileTarget:
    """An attachment whose bytes are put in the storage when the matrix reads its id.

    The matrix builds the apps' objects before training's fixture points MEDIA_ROOT at the test's
    temporary folder; writing the file only when its URL is built puts it where the download reads.
    """

    def __init__(self, attachment):
        self.attachment = attachment

    @property
    def pk(self):
        name = self.attachment.file.name
        if not default_storage.exists(name):
            default_storage.save(name, ContentFile(PDF))
        return self.attachment.pk


def targets(world):
    from documents.tests.factories import make_document

    doc_1 = make_document(world.club1, world.store_manager, title="Massage floor rules", published=True,
                          file=True, requires_acknowledgement=True, positions=["technician"],
                          department_kinds=["massage"])
    research_1 = make_document(world.club1, world.store_manager, title="Competitors in October", kind="competitor",
                               department="marketing", published=True, period="2026-10-01")
    draft_1 = make_document(world.club1, world.store_manager, title="Foot massage procedure", kind="sop",
                            published=False, file=True)
    doc_2 = make_document(world.club2, world.store_manager_2, title="Club Two floor rules", published=True, file=True)
    return {
        "doc_1": doc_1, "research_1": research_1, "draft_1": draft_1, "doc_2": doc_2,
        "version_1": doc_1.current, "version_2": doc_2.current, "draft_version_1": draft_1.versions.get(),
        "file_1": _FileTarget(doc_1.current.attachments.get()),
        "draft_file_1": _FileTarget(draft_1.versions.get().attachments.get()),
        "file_2": _FileTarget(doc_2.current.attachments.get()),
    }
