"""Documents read by other apps and by this app's pages; a fixed number of queries whatever the headcount.

* ``filed_in(club, kind, start, end)``: the research reports of ``kind`` filed for a month within the
  period — the duty catalogue ticks "analyse competitors monthly" from it.
* ``acknowledged(person, document)``: whether ``person`` confirmed the current version.
* ``confirmations(document)``: who has confirmed the current version and who has not.
* ``to_confirm(person)``: the documents waiting for ``person``'s confirmation.
* ``outstanding(documents)``: per document, how many of the people it applies to have not confirmed.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count

from kernel.months import month_start
from staff.models import Person

from .models import Acknowledgement, Document


def teachable(club):
    """The club's published rules, SOPs, scripts and standards, which a training plan may teach."""
    from .models import RESEARCH_KINDS, Document

    return (Document.objects.filter(club=club, current__isnull=False).exclude(kind__in=RESEARCH_KINDS)
            .order_by("kind", "title"))


def published_sops(club):
    """The club's published technique procedures (SOPs), which an assessment may link to."""
    from .models import Document, Kind

    return Document.objects.filter(club=club, kind=Kind.SOP, current__isnull=False).order_by("title", "pk")


def filed_in(club, kind, start, end):
    """Published documents of ``kind`` in ``club`` filed for a month that overlaps ``start``–``end`` (both included)."""
    return Document.objects.filter(
        club=club, kind=kind, current__isnull=False, period__gte=month_start(start), period__lte=end,
    ).order_by("period", "pk")


def acknowledged(person, document):
    """Whether ``person`` has confirmed ``document``'s current version."""
    if document.current_id is None:
        return False
    return Acknowledgement.objects.filter(version_id=document.current_id, person=person).exists()


@dataclass
class Confirmations:
    confirmed: list = field(default_factory=list)  # (person, acknowledged at), earliest first
    missing: list = field(default_factory=list)  # people, by name

    @property
    def asked(self):
        return len(self.confirmed) + len(self.missing)


def confirmations(document):
    """Who of the people ``document`` applies to has confirmed its current version, and who has not (two queries)."""
    result = Confirmations()
    if not document.requires_acknowledgement or document.current_id is None:
        return result
    people = list(Person.objects.filter(document.applies_filter())
                  .select_related("department", "team").order_by("name", "pk"))
    when = dict(Acknowledgement.objects.filter(version_id=document.current_id, person__in=[p.pk for p in people])
                .values_list("person_id", "acknowledged_at"))
    for person in people:
        if person.pk in when:
            result.confirmed.append((person, when[person.pk]))
        else:
            result.missing.append(person)
    result.confirmed.sort(key=lambda row: row[1])
    return result


def to_confirm(person):
    """The documents of ``person``'s club whose current version they must confirm and have not (two queries)."""
    if not person.club_id or not person.is_active:
        return []
    person_kind = person.department.kind if person.department_id else None
    asking = [d for d in Document.objects.filter(club_id=person.club_id, requires_acknowledgement=True,
                                                 current__isnull=False).select_related("current")
              if (not d.positions or person.position in d.positions)
              and (not d.department_kinds or person_kind in d.department_kinds)]
    if not asking:
        return []
    done = set(Acknowledgement.objects.filter(person=person, version_id__in=[d.current_id for d in asking])
               .values_list("version_id", flat=True))
    return sorted((d for d in asking if d.current_id not in done), key=lambda d: (d.current.published_at, d.pk))


def outstanding(documents):
    """``{document id: (not confirmed, asked)}`` for the documents that ask for confirmation (two queries)."""
    asking = [d for d in documents if d.requires_acknowledgement and d.current_id]
    if not asking:
        return {}
    clubs = {d.club_id for d in asking}
    headcount = Counter()
    for row in (Person.objects.filter(club_id__in=clubs, status=Person.Status.ACTIVE)
                .values("club_id", "position", "department__kind").annotate(n=Count("pk"))):
        headcount[(row["club_id"], row["position"], row["department__kind"])] += row["n"]
    confirmed = Counter()
    for row in (Acknowledgement.objects.filter(version_id__in=[d.current_id for d in asking],
                                               person__status=Person.Status.ACTIVE)
                .values("version_id", "person__club_id", "person__position", "person__department__kind")
                .annotate(n=Count("pk"))):
        confirmed[(row["version_id"], row["person__club_id"], row["person__position"],
                   row["person__department__kind"])] += row["n"]

    def applies(document, club_id, position, kind):
        return (club_id == document.club_id and (not document.positions or position in document.positions)
                and (not document.department_kinds or kind in document.department_kinds))

    result = {}
    for document in asking:
        asked = sum(n for (club_id, position, kind), n in headcount.items()
                    if applies(document, club_id, position, kind))
        done = sum(n for (version_id, club_id, position, kind), n in confirmed.items()
                   if version_id == document.current_id and applies(document, club_id, position, kind))
        result[document.pk] = (asked - done, asked)
    return result
