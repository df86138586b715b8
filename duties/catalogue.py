"""The duty catalogue: the defaults from the seed text, and edits that each make a new version."""

import json
from pathlib import Path

from django.db import transaction
from django.db.models import Max

from .models import Duty, DutyVersion

CATALOGUE_FILE = Path(__file__).parent / "data" / "catalogue.json"
VERSIONED_FIELDS = ["text_zh_hant", "text_zh_hans", "text_en", "cadence", "page", "evidence"]


def default_catalogue():
    """``{position: [entry, ...]}`` as shipped with ClubOps (from the seed text)."""
    return json.loads(CATALOGUE_FILE.read_text(encoding="utf-8"))["positions"]


@transaction.atomic
def catalogue_install_defaults(*, club):
    """Give ``club`` the default catalogue; duties it already has (by key) are left as they are."""
    existing = set(Duty.objects.filter(club=club).values_list("position", "key"))
    created = 0
    for position, entries in default_catalogue().items():
        for order, entry in enumerate(entries, start=1):
            if (position, entry["key"]) in existing:
                continue
            duty = Duty.objects.create(club=club, position=position, key=entry["key"], order=order)
            version = DutyVersion.objects.create(
                duty=duty, number=1, cadence=entry["cadence"], page=entry.get("page") or "",
                evidence=entry.get("evidence") or "", text_zh_hant=entry["text"]["zh-hant"],
                text_zh_hans=entry["text"]["zh-hans"], text_en=entry["text"]["en"],
            )
            duty.current = version
            duty.save(update_fields=["current"])
            created += 1
    return created


@transaction.atomic
def duty_change(*, duty, by, **values):
    """Save new wording or cadence as the duty's next version; the old version stays for old checklists.

    Returns the new version, or the current one when nothing changed.
    """
    duty = Duty.objects.select_for_update().get(pk=duty.pk)
    current = duty.current
    if current is not None and all(getattr(current, f) == values.get(f, getattr(current, f)) for f in VERSIONED_FIELDS):
        return current
    number = (duty.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    fields = {f: values.get(f, getattr(current, f) if current else "") for f in VERSIONED_FIELDS}
    version = DutyVersion.objects.create(duty=duty, number=number, created_by=by, **fields)
    duty.current = version
    duty.save(update_fields=["current"])
    return version


@transaction.atomic
def duty_add(*, club, position, by, **values):
    last = Duty.objects.filter(club=club, position=position).aggregate(n=Max("order"))["n"] or 0
    key = f"{position}-custom-{Duty.objects.filter(club=club, position=position).count() + 1}"
    while Duty.objects.filter(club=club, position=position, key=key).exists():
        key += "x"
    duty = Duty.objects.create(club=club, position=position, key=key, order=last + 1)
    duty_change(duty=duty, by=by, **values)
    duty.refresh_from_db()
    return duty


@transaction.atomic
def duty_move(*, duty, step):
    """Swap a duty with its neighbour above (step -1) or below (step +1) among the duties in use
    (or among the retired ones, for a retired duty) of its position."""
    siblings = list(
        Duty.objects.select_for_update()
        .filter(club=duty.club, position=duty.position, is_active=duty.is_active)
        .order_by("order", "pk")
    )
    index = next(i for i, d in enumerate(siblings) if d.pk == duty.pk)
    other = index + step
    if not 0 <= other < len(siblings):
        return
    orders = sorted(s.order for s in siblings)
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for order, sibling in zip(orders, siblings):
        if sibling.order != order:
            sibling.order = order
            sibling.save(update_fields=["order"])


def duty_set_active(*, duty, active):
    duty.is_active = active
    duty.save(update_fields=["is_active"])
