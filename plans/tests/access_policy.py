"""Plans' part of the access matrix (tests/test_access_matrix.py): who opens which page, and the objects.

Club 1: ``plan_draft_1``, the marketing director's draft of the marketing department; ``plan_submitted_1``,
the technician department manager's massage plan waiting for the store manager; ``plan_approved_1``, an
approved massage plan with a target for team A and one for Tech A1 (whom it names may read it). Club 2:
``plan_2``, its store manager's plan of the whole club, waiting for the owner.
"""

import datetime
from decimal import Decimal

from tests.policy import OK, club1, club2, expect, other_club

EVERYONE_SIGNED_IN = expect(200)
WRITERS = ["store_manager", "store_manager_2", "marketing", "care_manager", "tech_manager", "dept_manager"]
MASSAGE_READERS = ["owner", "store_manager", "care_manager", "tech_manager", "dept_manager"]

POLICY = {
    ("plans:list", None): EVERYONE_SIGNED_IN,
    ("plans:list", "?club=club2"): other_club(EVERYONE_SIGNED_IN),
    ("plans:add", None): expect(403, **{p: 200 for p in WRITERS}),
    ("plans:detail", "plan_draft_1"): club1(["owner", "store_manager", "marketing"]),
    ("plans:detail", "plan_submitted_1"): club1(MASSAGE_READERS),
    ("plans:detail", "plan_approved_1"): club1([*MASSAGE_READERS, "supervisor_a", "technician"]),
    ("plans:detail", "plan_2"): club2(["owner", "store_manager_2"]),
    ("plans:edit", "plan_draft_1"): club1(["marketing"]),
    ("plans:edit", "plan_approved_1"): club1([]),
    ("plans:edit", "plan_2"): {**club2([]), "owner": 403, "store_manager_2": 403},  # submitted: nobody edits
    ("plans:submit", "plan_draft_1"): expect(405),
    ("plans:decide", "plan_submitted_1"): expect(405),
    ("plans:decide", "plan_2"): expect(405),
}

VARIANTS = {
    ("plans:list", None): ["year=2025", "year=never"],
    ("plans:add", None): ["parent={plan_approved_1}"],
}

POST_POLICY = {
    ("plans:add", None): expect(403, **{p: OK for p in WRITERS}),
    ("plans:submit", "plan_draft_1"): club1(["marketing"]),
    ("plans:decide", "plan_submitted_1"): club1(["owner", "store_manager"]),
    ("plans:decide", "plan_2"): {**club2(["owner"]), "store_manager_2": 403},  # never one's own plan
}

POST_BODIES = {
    "plans:add": {"title": "Intruder plan", "period": "month", "starts_on": "2026-01-01", "department": ""},
    "plans:edit": {"title": "Intruder plan", "period": "month", "starts_on": "2026-01-01", "department": "",
                   "t-TOTAL_FORMS": "0", "t-INITIAL_FORMS": "0"},
    "plans:submit": {},
    "plans:decide": {"decision": "approve", "comment": "intruder"},
}


def targets(world):
    from plans import services
    from plans.models import Plan, Status, Target

    def plan(author, title, *, department, period="quarter", start=datetime.date(2026, 10, 1),
             end=datetime.date(2026, 12, 31), targets=(), status=Status.DRAFT):
        made = Plan(club=author.club, department=department, period=period, starts_on=start, ends_on=end,
                    title=title, goals="Goals")
        services.save_plan(made, [Target(metric=m, value=Decimal(v), **part) for m, v, part in targets],
                           author=author)
        if status != Status.DRAFT:
            services.submit(made, author)
        if status == Status.APPROVED:
            services.decide(made, world.store_manager, approve=True)
        return made

    massage = world.technician.department
    return {
        "plan_draft_1": plan(world.marketing, "Marketing Q4 draft", department=world.marketing.department,
                             targets=[("late_arrivals", "5", {})]),
        "plan_submitted_1": plan(world.dept_manager, "Massage Q4 plan", department=massage,
                                 targets=[("late_arrivals", "8", {})], status=Status.SUBMITTED),
        "plan_approved_1": plan(world.dept_manager, "Massage year plan", department=massage, period="year",
                                start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31),
                                targets=[("late_arrivals", "40", {}), ("late_arrivals", "20", {"team": world.team_a}),
                                         ("praise", "3", {"person": world.technician})],
                                status=Status.APPROVED),
        "plan_2": plan(world.store_manager_2, "West Lake yearly targets", department=None, period="year",
                       start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31),
                       targets=[("meetings_held", "50", {})], status=Status.SUBMITTED),
    }
