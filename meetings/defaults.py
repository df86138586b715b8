"""The default meeting series every club gets, from the duty texts of the catalogue:

* marketing director, duty 4 — the marketing department's daily work meeting and its
  month-end, quarterly and annual summary and planning meetings;
* technician department manager, duty 6 — the massage technicians' weekly and monthly
  department meetings;
* technical manager, duty 7 — the technical and health-care departments' daily work meeting
  and their month-end, quarterly and annual summary and planning meetings.

Clubs are open every day, so the daily meetings are held every day (before opening); the
month-end meetings fall on the last working day, the quarterly ones on the first working
day of a quarter (looking back on the quarter before), the annual one on the last working
day of December. Titles, agendas and places are system words (``kernel.wording``): stored as
their message id and read in each reader's language (the simplified Chinese of the catalogue
in the clubs' own language); what a manager rewrites in the app stays as they typed it.
"""

import datetime

from django.utils.translation import gettext_noop as _

from staff.models import Department, Role

from .models import DayRule, Frequency, Kind

MARKETING_PEOPLE = [Role.MARKETING_DIRECTOR, Role.CUSTOMER_MANAGER]
TECHNICAL_PEOPLE = [Role.TECHNICAL_MANAGER, Role.SUPERVISOR]
MASSAGE_PEOPLE = [Role.TECHNICIAN_MANAGER, Role.SUPERVISOR, Role.TECHNICIAN]

DAILY_AGENDA = _("Yesterday's work in review\nToday's goals and who does what\nQuestions to coordinate")
SUMMARY_AGENDA = _(
    "Figures of the period (attendance, duties done, training, meetings)\nProblems and their causes\n"
    "Goals and plans for the next period\nWhat we need from our superiors"
)
WEEKLY_AGENDA = _(
    "The company's requirements and targets\nLast week's service quality and customers' opinions\n"
    "Technicians' assessment and training\nThis week's work"
)

FRONT_DESK = _("Front-desk meeting corner")
MEETING_ROOM = _("Meeting room")
TRAINING_ROOM = _("Training room")


def _series(key, department, title, kind, rule, time, minutes, chair, positions, agenda, place):
    return {
        "key": key, "department": department, "title": title, "kind": kind, **rule,
        "time": datetime.time(*time), "duration_minutes": minutes, "chair": chair,
        "positions": [str(p) for p in positions], "agenda_template": agenda, "place": place,
    }


M, C, S = Department.Kind.MARKETING, Department.Kind.CARE, Department.Kind.MASSAGE
EVERY_DAY = {"frequency": Frequency.DAILY}
MONDAYS = {"frequency": Frequency.WEEKLY, "weekdays": [1]}
MONTH_END = {"frequency": Frequency.MONTHLY, "day_rule": DayRule.LAST_WORKING_DAY}
QUARTER_START = {"frequency": Frequency.QUARTERLY, "day_rule": DayRule.FIRST_WORKING_DAY, "month_in_period": 1}
YEAR_END = {"frequency": Frequency.ANNUALLY, "day_rule": DayRule.LAST_WORKING_DAY, "month_in_period": 12}
HEAD, TECH, BOSS = Role.MARKETING_DIRECTOR, Role.TECHNICAL_MANAGER, Role.TECHNICIAN_MANAGER

DEFAULT_SERIES = [
    _series("marketing-daily", M, _("Marketing daily work meeting"), Kind.DAILY, EVERY_DAY, (10, 0), 30,
            HEAD, MARKETING_PEOPLE, DAILY_AGENDA, FRONT_DESK),
    _series("marketing-month-end", M, _("Marketing month-end review"), Kind.MONTH_END, MONTH_END, (17, 0), 60,
            HEAD, MARKETING_PEOPLE, SUMMARY_AGENDA, MEETING_ROOM),
    _series("marketing-quarterly", M, _("Marketing quarterly review and planning"), Kind.QUARTERLY, QUARTER_START, (15, 0), 90,
            HEAD, MARKETING_PEOPLE, SUMMARY_AGENDA, MEETING_ROOM),
    _series("marketing-annual", M, _("Marketing annual review and planning"), Kind.ANNUAL, YEAR_END, (14, 0), 120,
            HEAD, MARKETING_PEOPLE, SUMMARY_AGENDA, MEETING_ROOM),
    _series("massage-weekly", S, _("Massage technicians' weekly meeting"), Kind.WEEKLY, MONDAYS, (10, 30), 60,
            BOSS, MASSAGE_PEOPLE, WEEKLY_AGENDA, TRAINING_ROOM),
    _series("massage-monthly", S, _("Massage technicians' monthly meeting"), Kind.MONTH_END, MONTH_END, (16, 0), 60,
            BOSS, MASSAGE_PEOPLE, SUMMARY_AGENDA, TRAINING_ROOM),
    _series("technical-daily", C, _("Technical and health-care daily work meeting"), Kind.DAILY, EVERY_DAY, (10, 30), 30,
            TECH, TECHNICAL_PEOPLE, DAILY_AGENDA, TRAINING_ROOM),
    _series("technical-month-end", C, _("Technical and health-care month-end review"), Kind.MONTH_END, MONTH_END, (15, 0), 60,
            TECH, TECHNICAL_PEOPLE, SUMMARY_AGENDA, MEETING_ROOM),
    _series("technical-quarterly", C, _("Technical and health-care quarterly review and planning"), Kind.QUARTERLY, QUARTER_START, (16, 30), 90,
            TECH, TECHNICAL_PEOPLE, SUMMARY_AGENDA, MEETING_ROOM),
    _series("technical-annual", C, _("Technical and health-care annual review and planning"), Kind.ANNUAL, YEAR_END, (10, 0), 120,
            TECH, TECHNICAL_PEOPLE, SUMMARY_AGENDA, MEETING_ROOM),
]

# Every word above, for the fields that store them as ids (``kernel.wording``).
WORDS = sorted({spec[name] for spec in DEFAULT_SERIES for name in ("title", "agenda_template", "place")})
