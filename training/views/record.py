"""Each person's training record: everything they took, their scores, levels, competitions, rewards and penalties."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET

from staff import access

from .. import access as training_access
from .. import selectors


@login_required
@require_GET
def person_record(request, pk):
    """A technician opens only their own; managers those they see (``staff.access.get_person``)."""
    viewer = access.viewer_of(request)
    person = access.get_person(viewer, pk)
    own = person.pk == viewer.pk
    record = selectors.person_record(person, own=own)
    context = {
        "person": person, "own": own, "record": record,
        # an attempt is linked only for those who may open it (a supervisor reads the results, not the answers)
        "opens": training_access.attempts_opened(viewer, person, record["attempts"]),
        "to_take": selectors.assessments_to_take(person) if own else [],
        # a session still to come reads "to attend", not "not taken yet" (labels only)
        "today": timezone.localdate(timezone=person.club.zone) if person.club_id else timezone.localdate(),
    }
    return render(request, "training/person_record.html", context)


urls = [
    path("people/<int:pk>/", person_record, name="person_record"),
]
