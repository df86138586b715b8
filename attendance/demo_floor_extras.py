"""Demo data of the floor's other areas for one club: area hygiene, consumables, service quality.

``seed(club=..., today=..., days=90)`` fills the last ``days`` days before ``today``:

* an area (room) per active technician, plus the foot-bath area, the SPA room and the lounge,
  each kept by one technician; a hygiene check of every area every day (a few fail, with a note);
* the consumables catalogue (按摩膏, 毛巾, 精油, 美容产品) with stock received and issued to
  technicians day by day, never below zero; two items end below their low-stock threshold;
* spot checks of each technician's service every week or two, scored on every criterion,
  and some customer praise and complaints.

Deterministic (a fixed random seed per club) and idempotent: areas and items are looked up
before they are created, a check or feedback already there for its day is skipped, and an
item that already has stock movements is left as it is. Running it twice creates nothing twice.
"""

import datetime
import random

from django.db import transaction

from staff.models import Person, Role

from .models import (
    Area,
    ConsumableIssue,
    ConsumableItem,
    CustomerFeedback,
    HygieneCheck,
    HygieneFailure,
    HygieneItem,
    QualityCriterion,
    ServiceCheck,
    ServiceCheckScore,
    StockReceipt,
)

EXTRA_AREAS = ["足浴区", "SPA 水疗房", "休息大厅"]
HYGIENE_NOTES = {
    "floor": "地面有水渍", "linen": "床单未更换", "towels": "毛巾不足", "tools": "刮痧板未消毒", "rubbish": "垃圾桶未清理",
}

# name, unit, low-stock threshold, quantity per issue, one issue every n days per technician,
# quantity received per delivery, ends the period below its threshold.
CONSUMABLES = [
    ("按摩膏", "瓶", 15, (1, 1), 6, 60, False),
    ("毛巾", "条", 60, (3, 6), 3, 400, True),
    ("精油", "瓶", 10, (1, 1), 10, 40, True),
    ("美容产品", "盒", 8, (1, 2), 15, 30, False),
]
LOW_PHASE_DAYS = 14  # the items that end low get no delivery in the last two weeks

CHECK_NOTES_GOOD = ["手法到位，客人满意", "力度适中", "话术熟练", "服务热情周到", ""]
CHECK_NOTES_LOW = {
    "technique": "推拿手法不够规范，需加强练习", "pressure": "力度偏重，节奏过快", "script": "项目讲解不完整",
    "attitude": "服务中有不耐烦的表现", "punctuality": "服务时间不足，提前结束",
}
PRAISE = [
    ("手法专业，肩颈放松了很多", "已转告技师并在班会表扬"),
    ("服务细心，会主动询问力度", "记入表扬记录"),
    ("足疗很舒服，下次还点这位技师", "已告知技师"),
    ("讲解清楚，推荐的项目很适合我", ""),
]
COMPLAINTS = [
    ("力度太重，按完有些疼", "向客人致歉并赠送一次足疗；与技师谈话，调整力度"),
    ("服务时间没到就结束了", "补足时间并致歉；主管重申钟点要求"),
    ("技师中途接电话", "致歉；重申服务中不得使用手机"),
    ("毛巾有异味", "立即更换并致歉；检查布草清洗流程"),
]


def seed(*, club, today, days=90):
    """Seed one club; returns a dict of how many rows of each kind were created."""
    technicians = list(
        Person.objects.filter(club=club, position=Role.TECHNICIAN, status=Person.Status.ACTIVE)
        .select_related("team__supervisor")
        .order_by("pk")
    )
    if not technicians:
        return {}
    store_manager = Person.objects.filter(club=club, position=Role.STORE_MANAGER, status=Person.Status.ACTIVE).first()
    first = today - datetime.timedelta(days=days)
    recorder = {t.pk: (t.team.supervisor if t.team_id and t.team.supervisor_id else store_manager) for t in technicians}
    with transaction.atomic():
        created = {}
        created.update(_hygiene(club, technicians, recorder, first, today, store_manager))
        created.update(_consumables(club, technicians, recorder, first, today, store_manager))
        created.update(_quality(club, technicians, recorder, first, today))
    return created


def _days(first, today):
    day = first
    while day < today:
        yield day
        day += datetime.timedelta(days=1)


def _hygiene(club, technicians, recorder, first, today, store_manager):
    rng = random.Random(f"hygiene-{club.code}")
    HygieneItem.ensure_defaults(club)
    items = list(HygieneItem.objects.filter(club=club, is_active=True))
    names = [f"{n}号房" for n in range(1, max(1, len(technicians) - len(EXTRA_AREAS)) + 1)] + EXTRA_AREAS
    areas = []
    for n, name in enumerate(names):
        area = Area.objects.filter(club=club, name=name).first()
        if area is None:
            area = Area.objects.create(club=club, name=name, responsible=technicians[n % len(technicians)], order=n + 1)
        areas.append(area)
    done = set(HygieneCheck.objects.filter(area__in=areas, date__gte=first).values_list("area_id", "date"))
    checks, failed_items = [], {}
    for day in _days(first, today):
        for area in areas:
            failed = rng.sample(items, rng.choice([1, 1, 2])) if rng.random() < 0.06 else []
            if (area.pk, day) in done:
                continue
            note = "；".join(HYGIENE_NOTES.get(i.key, "需整改") for i in failed)
            checks.append(HygieneCheck(
                area=area, date=day, responsible_id=area.responsible_id, passed=not failed, note=note,
                checked_by=recorder.get(area.responsible_id, store_manager),
            ))
            if failed:
                failed_items[(area.pk, day)] = failed
    HygieneCheck.objects.bulk_create(checks, batch_size=500, ignore_conflicts=True)
    saved = {
        (c.area_id, c.date): c.pk
        for c in HygieneCheck.objects.filter(area__in=areas, date__gte=first, passed=False, failures__isnull=True)
    }
    failures = [
        HygieneFailure(check_record_id=saved[key], item=item)
        for key, items_failed in failed_items.items() if key in saved for item in items_failed
    ]
    HygieneFailure.objects.bulk_create(failures, batch_size=500, ignore_conflicts=True)
    return {"areas": len(areas), "hygiene checks": len(checks)}


def _consumables(club, technicians, recorder, first, today, store_manager):
    rng = random.Random(f"consumables-{club.code}")
    low_phase = today - datetime.timedelta(days=LOW_PHASE_DAYS)
    receipts, issues = [], []
    for name, unit, threshold, per_issue, every, delivery, ends_low in CONSUMABLES:
        item, _created = ConsumableItem.objects.get_or_create(
            club=club, name=name, defaults={"unit": unit, "low_stock_threshold": threshold}
        )
        if item.receipts.exists() or item.issues.exists():
            continue  # this item's history is already there
        stock = 0
        item_receipts, item_issues = [], []
        for day in _days(first, today):
            may_deliver = not (ends_low and day >= low_phase)
            if may_deliver and (stock <= threshold or day == first):
                item_receipts.append(StockReceipt(
                    item=item, quantity=delivery, received_on=day, received_by=store_manager, note="供应商送货"
                ))
                stock += delivery
            for n, technician in enumerate(technicians):
                if technician.hire_date > day or rng.random() >= 1 / every:
                    continue
                quantity = rng.randint(*per_issue)
                floor = threshold // 3 if ends_low and day >= low_phase else 0
                if stock - quantity < floor:
                    continue  # out of stock for now
                stock -= quantity
                when = datetime.datetime.combine(day, datetime.time(10, 0), tzinfo=club.zone) + datetime.timedelta(
                    minutes=5 * n + rng.randint(0, 4)
                )
                item_issues.append(ConsumableIssue(item=item, technician=technician, quantity=quantity, issued_at=when,
                                                   issued_by=recorder.get(technician.pk)))
        if ends_low and stock > threshold and technicians:
            # Make sure the demo shows a low-stock warning: a big handout on the last day.
            quantity = stock - max(0, threshold - rng.randint(1, 3))
            technician = technicians[rng.randrange(len(technicians))]
            when = datetime.datetime.combine(today - datetime.timedelta(days=1), datetime.time(16), tzinfo=club.zone)
            item_issues.append(ConsumableIssue(item=item, technician=technician, quantity=quantity, issued_at=when,
                                               issued_by=recorder.get(technician.pk), note="大型活动备货"))
            stock -= quantity
        receipts += item_receipts
        issues += item_issues
        StockReceipt.objects.bulk_create(item_receipts, batch_size=500)
        ConsumableIssue.objects.bulk_create(item_issues, batch_size=500)
        item.stock = stock
        item.save(update_fields=["stock"])
    return {"stock received": len(receipts), "consumables issued": len(issues)}


def _quality(club, technicians, recorder, first, today):
    rng = random.Random(f"quality-{club.code}")
    QualityCriterion.ensure_defaults(club)
    criteria = list(QualityCriterion.objects.filter(club=club, is_active=True))
    done_checks = set(ServiceCheck.objects.filter(club=club, date__gte=first).values_list("technician_id", "date"))
    done_feedback = set(
        CustomerFeedback.objects.filter(club=club, date__gte=first).values_list("technician_id", "date")
    )
    planned, feedback = [], []
    for technician in technicians:
        skill = rng.choice([3.4, 3.8, 4.0, 4.2, 4.5, 4.7])
        day = first + datetime.timedelta(days=rng.randint(0, 6))
        while day < today:
            # The dice are rolled for every day, so that a second run sees the same days and skips them.
            scores = {c: max(1, min(5, round(rng.gauss(skill, 0.7)))) for c in criteria}
            low = [c for c, s in scores.items() if s <= 2]
            note = "；".join(CHECK_NOTES_LOW.get(c.key, "需改进") for c in low) or rng.choice(CHECK_NOTES_GOOD)
            if technician.hire_date <= day and (technician.pk, day) not in done_checks:
                planned.append((ServiceCheck(club=club, technician=technician, date=day, note=note,
                                             checked_by=recorder.get(technician.pk)), scores))
            day += datetime.timedelta(days=rng.randint(6, 14))
        for day in _days(first, today):
            if rng.random() >= 1 / 30:
                continue
            complaint = rng.random() < (0.35 if skill < 4 else 0.15)
            said, action = rng.choice(COMPLAINTS if complaint else PRAISE)
            if technician.hire_date > day or (technician.pk, day) in done_feedback:
                continue
            feedback.append(CustomerFeedback(
                club=club, technician=technician, date=day, said=said, action=action,
                kind=CustomerFeedback.Kind.COMPLAINT if complaint else CustomerFeedback.Kind.PRAISE,
                recorded_by=recorder.get(technician.pk),
            ))
    checks = ServiceCheck.objects.bulk_create([check for check, _scores in planned], batch_size=500)
    ServiceCheckScore.objects.bulk_create(
        [
            ServiceCheckScore(check_record=check, criterion=criterion, score=score)
            for check, (_planned, scores) in zip(checks, planned)
            for criterion, score in scores.items()
        ],
        batch_size=500,
    )
    CustomerFeedback.objects.bulk_create(feedback, batch_size=500)
    return {"service checks": len(checks), "customer feedback": len(feedback)}
