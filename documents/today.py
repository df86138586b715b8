"""Documents' panel of the Today page (``staff.registry``), registered by ``DocumentsConfig.ready()``.

* the documents the viewer must read and confirm (``selectors.to_confirm``);
* for those who keep documents (the department's heads, the store manager, the owner): the
  documents requiring acknowledgement whose current version people have not yet all confirmed,
  with how many have not;
* for an approver: the drafts waiting for them to publish.

A fixed number of queries whatever the number of people or documents.
"""

from . import access, selectors
from .models import Document, DocumentVersion

SHOWN = 5


def today_panel(viewer):
    mine = selectors.to_confirm(viewer)
    outstanding = []
    if access.writes_documents(viewer):
        kept = list(Document.objects.filter(access.kept_filter(viewer), requires_acknowledgement=True,
                                            current__isnull=False).select_related("club", "current"))
        counts = selectors.outstanding(kept)
        several = len({d.club_id for d in kept}) > 1
        for document in kept:
            missing, asked = counts.get(document.pk, (0, 0))
            if missing:
                outstanding.append({"document": document, "missing": missing, "asked": asked, "several": several})
        outstanding.sort(key=lambda row: (-row["missing"], row["document"].title))
    drafts = []
    if access.writes_documents(viewer):  # approvers are the club's managers and the owner
        drafts = list(DocumentVersion.objects.filter(state=DocumentVersion.State.DRAFT, document__approver=viewer)
                      .select_related("document").order_by("created_at", "pk")[:SHOWN])
    if not (mine or outstanding or drafts):
        return None
    return {"documents_today": {
        "mine": mine[:SHOWN], "mine_more": len(mine) > SHOWN,
        "outstanding": outstanding[:SHOWN], "outstanding_more": len(outstanding) > SHOWN,
        "drafts": drafts[:SHOWN],
    }}
