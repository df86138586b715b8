"""What the report's figures mean: rates derived from counts, a chain as the sum of its clubs, the headline list.

A club's figures (``selectors.live_figures`` or a snapshot) hold counts; ``derive`` adds the
rates and totals, the same way for a club and for the chain, so that the chain's rate is
computed from the chain's counts, never averaged from the clubs' rates.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from attendance.models import LeaveType
from attendance.selectors.daily import attendance_rate, due_days  # the one definition, also the meetings'
from duties.selectors import rate as completion_rate
from kernel.rates import rate as _rate

from . import sources

SCHEMA = 3  # 2: checklist completion per position; 3: per position held at the month's end, keys without labels


def pass_rate(passed, checks):
    return _rate(passed, checks)


def derive(f):
    """Add the derived figures to ``f`` in place (and return it)."""
    head = f["headcount"]
    head["total"] = {k: sum(p.get(k, 0) for p in head["positions"].values()) for k in ("start", "end", "joined", "left")}

    a = f["attendance"]
    a["due_days"] = due_days(a)
    a["rate"] = attendance_rate(a)
    a["leave_days"] = {value: a.get(f"leave_{value}", 0) for value in LeaveType.values}

    fu = f["followup"]
    fu["honour_roll_count"] = len(fu["honour_roll"])
    fu["needs_talk_count"] = len(fu["needs_talk"])
    fu["needs_talk_without_talk"] = sum(1 for p in fu["needs_talk"] if not p.get("talk_held"))

    for name in ("grooming", "hygiene"):
        s = f[name]
        s["failed"] = s["checks"] - s["passed"]
        s["pass_rate"] = _rate(s["passed"], s["checks"])
        s["most_failed"] = sorted(s["most_failed"], key=lambda i: (-i["failures"], i.get("key", ""), i.get("name", "")))

    c = f["consumables"]
    c["items"] = sorted(c["items"], key=lambda i: (-i["quantity"], i["name"]))
    c["issues"] = sum(i["issues"] for i in c["items"])
    c["quantity"] = sum(i["quantity"] for i in c["items"])
    c["low_stock_count"] = len(c["low_stock"])

    q = f["quality"]
    q["average"] = round(q["score_sum"] / q["scores"], 2) if q["scores"] else None

    ch = f["checklists"]
    for row in [ch["total"], *ch["positions"].values()]:
        if row:
            row["rate"] = completion_rate(row)
    return f


def _add(into, counts):
    for key, value in counts.items():
        if isinstance(value, bool) or value is None:
            continue
        if isinstance(value, (int, float)):
            into[key] = into.get(key, 0) + value
        elif isinstance(value, dict):
            _add(into.setdefault(key, {}), value)


def _merge_items(lists, key):
    merged = {}
    for items in lists:
        for item in items:
            k = key(item)
            if k in merged:
                for field in ("failures", "issues", "quantity"):
                    if field in item:
                        merged[k][field] += item[field]
            else:
                merged[k] = dict(item)
    return list(merged.values())


def merge(named):
    """The chain's figures from its clubs': ``named`` is [(club dict, figures)]; counts add up, lists join."""
    parts = [f for _club, f in named]
    chain = {
        "headcount": {"positions": {}},
        "attendance": {},
        "followup": {"honour_roll": [], "needs_talk": [], "talks_held": 0},
        "grooming": {"checks": 0, "passed": 0},
        "hygiene": {"checks": 0, "passed": 0},
        "consumables": {"items": [], "low_stock": []},
        "quality": {"checks": 0, "scores": 0, "score_sum": 0, "praise": 0, "complaints": 0},
        "checklists": {"positions": {}, "total": {}},
    }
    for club, f in named:
        _add(chain["headcount"]["positions"], f["headcount"]["positions"])
        _add(chain["attendance"], {k: v for k, v in f["attendance"].items() if k not in ("rate", "leave_days")})
        for listed in ("honour_roll", "needs_talk"):
            chain["followup"][listed] += [dict(p, club=club["code"]) for p in f["followup"][listed]]
        chain["followup"]["talks_held"] += f["followup"]["talks_held"]
        for name in ("grooming", "hygiene", "quality"):
            _add(chain[name], {k: v for k, v in f[name].items() if k in chain[name]})
        chain["consumables"]["low_stock"] += [dict(i, club=club["code"]) for i in f["consumables"]["low_stock"]]
        _add(chain["checklists"]["positions"],
             {p: {k: v for k, v in row.items() if k != "rate"} for p, row in f["checklists"]["positions"].items()})
        _add(chain["checklists"]["total"], {k: v for k, v in f["checklists"]["total"].items() if k != "rate"})
    for name in ("grooming", "hygiene"):
        chain[name]["most_failed"] = _merge_items(
            [f[name]["most_failed"] for f in parts], key=lambda i: (i.get("key") or "", i.get("name") or "")
        )
        for item in chain[name]["most_failed"]:
            item.pop("id", None)  # an item id belongs to one club
    chain["consumables"]["items"] = _merge_items(
        [f["consumables"]["items"] for f in parts], key=lambda i: (i["name"], i["unit"])
    )
    for item in chain["consumables"]["items"]:
        item.pop("id", None)
    for name in ("training", "meetings"):
        chain[name] = {"available": False}
        for club, f in named:
            if f.get(name, {}).get("available"):
                _add_module(chain[name], f[name], club["code"])
        sources.chain_rates(name, chain[name])
    for key in ("rate", "due_days", "leave_days"):
        chain["attendance"].pop(key, None)
    chain["attendance"].setdefault("worked", 0)
    for key in ("absent", "leave", "not_recorded"):
        chain["attendance"].setdefault(key, 0)
    return derive(chain)


def _add_module(into, values, club, top=True):
    """Another module's figures added up across clubs: numbers add, lists join (with the club), rates are left out,
    and so are the keys that belong to one club (``NOT_FIGURES``' ``club_id``, the club's name): a chain's training
    section once held the sum of its clubs' ids as a "club_id" figure."""
    for key, value in values.items():
        if _is_ratio(key) or (top and key in ONE_CLUB_KEYS):
            continue
        if isinstance(value, bool):
            into[key] = into.get(key, False) or value
        elif isinstance(value, (int, float)):
            into[key] = into.get(key, 0) + value
        elif isinstance(value, dict):
            _add_module(into.setdefault(key, {}), value, club, top=False)
        elif isinstance(value, list):
            into.setdefault(key, []).extend(dict(v, club=club) if isinstance(v, dict) else v for v in value)
        elif value is not None:
            into.setdefault(key, value)


def _is_ratio(key):
    """Rates and averages of another module cannot be added up across clubs; the chain leaves them out."""
    return any(word in key for word in ("rate", "average", "percent", "ratio"))


def value_at(figures, path):
    """The figure at a dotted ``path`` ("attendance.rate"), or None."""
    value = figures
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


@dataclass(frozen=True)
class Headline:
    """A figure the report compares with the previous month and shows over 12 months."""

    key: str  # dotted path into the figures, and the JSON key
    label: object
    section: str
    records: str = ""  # the drill-down figure (records.FIGURES) that lists the records behind it, "?filter" after it
    unit: str = ""  # "%" or ""
    better: str = ""  # "up", "down" or "" (neither)


HEADLINES = [
    Headline("headcount.total.end", _("People at the month's end"), "headcount", "headcount_end"),
    Headline("headcount.total.joined", _("Joined"), "headcount", "joined"),
    Headline("headcount.total.left", _("Left"), "headcount", "left", better="down"),
    Headline("attendance.rate", _("Attendance rate"), "attendance", "due_days", "%", "up"),
    Headline("attendance.late", _("Late arrivals"), "attendance", "late", better="down"),
    Headline("attendance.late_minutes", _("Minutes late"), "attendance", "late", better="down"),
    Headline("attendance.early", _("Early leaves"), "attendance", "early", better="down"),
    Headline("attendance.absent", _("Absences"), "attendance", "absent", better="down"),
    Headline("attendance.leave", _("Days on leave"), "attendance", "leave"),
    Headline("attendance.not_recorded", _("Days not recorded"), "attendance", "not_recorded", better="down"),
    Headline("followup.honour_roll_count", _("On the honour roll"), "followup", "honour_roll", better="up"),
    Headline("followup.needs_talk_count", _("Need a talk"), "followup", "needs_talk", better="down"),
    Headline("followup.talks_held", _("Talks held"), "followup", "talks"),
    Headline("grooming.pass_rate", _("Grooming pass rate"), "grooming", "grooming", "%", "up"),
    Headline("hygiene.pass_rate", _("Hygiene pass rate"), "hygiene", "hygiene", "%", "up"),
    Headline("consumables.quantity", _("Consumables issued"), "consumables", "consumables"),
    Headline("consumables.low_stock_count", _("Items low on stock"), "consumables", "low_stock", better="down"),
    Headline("quality.average", _("Service-quality average (1–5)"), "quality", "quality", better="up"),
    Headline("quality.complaints", _("Complaints"), "quality", "complaints", better="down"),
    Headline("quality.praise", _("Praise"), "quality", "praise", better="up"),
    Headline("checklists.total.rate", _("Checklist completion"), "checklists", "checklists", "%", "up"),
]
HEADLINE_KEYS = {h.key: h for h in HEADLINES}

SECTIONS = [
    ("headcount", _("Headcount")),
    ("attendance", _("Attendance")),
    ("followup", _("Honour roll and talks")),
    ("grooming", _("Grooming")),
    ("hygiene", _("Area hygiene")),
    ("consumables", _("Consumables")),
    ("quality", _("Service quality")),
    ("checklists", _("Duty checklists")),
    ("training", _("Training, rewards and penalties")),
    ("meetings", _("Meetings")),
]


# Labels of the top-level numbers other modules hand the report (training, meetings).
MODULE_LABELS = {
    "sessions_held": _("Training sessions held"),
    "present": _("Present at sessions"),
    "late": _("Late at sessions"),
    "absent": _("Absent from sessions"),
    "attendance_rate": _("Attendance at sessions (%)"),
    "assessments_taken": _("Assessments taken"),
    "assessments_passed": _("Assessments passed"),
    "pass_rate": _("Assessment pass rate (%)"),
    "levels_gained": _("Levels gained"),
    "rewards": _("Rewards"),
    "penalties": _("Penalties"),
    "reward_points": _("Reward points"),
    "penalty_points": _("Penalty points"),
    "reward_amount": _("Reward amount"),
    "penalty_amount": _("Penalty amount"),
    "meetings_scheduled": _("Meetings scheduled"),
    "meetings_held": _("Meetings held"),
    "meetings_cancelled": _("Meetings cancelled"),
    "minutes_finalised": _("Minutes finalised"),
    "held_rate": _("Meetings held (%)"),
    "action_items_raised": _("Action items raised"),
    "action_items_done": _("Action items done"),
    "action_items_dropped": _("Action items dropped"),
    "action_items_open": _("Action items open"),
    "action_items_overdue": _("Action items overdue"),
}


# The records behind each of those numbers: a drill-down figure (``records.MODULES``), with its filter.
MODULE_RECORDS = {
    "training": {
        "sessions_held": "training_sessions",
        "present": "training_attendance?status=present",
        "late": "training_attendance?status=late",
        "absent": "training_attendance?status=absent",
        "attendance_rate": "training_attendance",
        "assessments_taken": "assessments",
        "assessments_passed": "assessments?result=passed",
        "pass_rate": "assessments",
        "levels_gained": "levels",
        "rewards": "rewards",
        "reward_points": "rewards",
        "reward_amount": "rewards",
        "penalties": "penalties",
        "penalty_points": "penalties",
        "penalty_amount": "penalties",
    },
    "meetings": {
        "meetings_scheduled": "meetings",
        "meetings_held": "meetings?status=held",
        "meetings_cancelled": "meetings?status=cancelled",
        "minutes_finalised": "meetings?finalised=1",
        "held_rate": "meetings",
        "action_items_raised": "action_items",
        "action_items_done": "action_items?status=done",
        "action_items_dropped": "action_items?status=dropped",
        "action_items_open": "action_items?status=open",
        "action_items_overdue": "action_items?state=overdue",
    },
}


# Keys of another module's section that are not figures: a flag, and the club's own id.
NOT_FIGURES = {"available", "club_id"}
# Top-level keys of another module's section that describe the one club it is about: a chain has none of them.
ONE_CLUB_KEYS = {"club_id", "club"}


def module_headlines(figures, name):
    """Headlines for a section filled by another module (training, meetings): its top-level numbers."""
    section = figures.get(name) or {}
    if not section.get("available"):
        return []
    return [
        Headline(f"{name}.{key}", MODULE_LABELS.get(key, key.replace("_", " ").capitalize()), name,
                 MODULE_RECORDS.get(name, {}).get(key, ""))
        for key, value in section.items()
        if key not in NOT_FIGURES and isinstance(value, (int, float)) and not isinstance(value, bool)
    ]


def change(value, previous):
    if value is None or previous is None:
        return None
    return round(value - previous, 2)
