"""The default meeting series every club gets, from the duty texts (PRODUCT.md §2):

* marketing director, duty 4 — the marketing department's daily work meeting and its
  month-end, quarterly and annual summary and planning meetings;
* technician department manager, duty 6 — the massage technicians' weekly and monthly
  department meetings;
* technical manager, duty 7 — the technical and health-care departments' daily work meeting
  and their month-end, quarterly and annual summary and planning meetings.

Clubs are open every day, so the daily meetings are held every day (before opening); the
month-end meetings fall on the last working day, the quarterly ones on the first working
day of a quarter (looking back on the quarter before), the annual one on the last working
day of December. Titles and agendas are in simplified Chinese, the language the clubs work
in; a manager rewrites them in the app.
"""

import datetime

from staff.models import Department, Role

from .models import DayRule, Frequency, Kind

MARKETING_PEOPLE = [Role.MARKETING_DIRECTOR, Role.CUSTOMER_MANAGER]
TECHNICAL_PEOPLE = [Role.TECHNICAL_MANAGER, Role.SUPERVISOR]
MASSAGE_PEOPLE = [Role.TECHNICIAN_MANAGER, Role.SUPERVISOR, Role.TECHNICIAN]

DAILY_AGENDA = "昨日工作回顾\n今日目标与分工\n需要协调的问题"
SUMMARY_AGENDA = "本期数据分析（出勤、职责完成、培训、会议）\n问题与原因\n下期目标与计划\n需要上级支持的事项"
WEEKLY_AGENDA = "传达公司要求与目标\n上周服务质量与顾客意见\n技师考核与培训安排\n本周工作安排"


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
    _series("marketing-daily", M, "营销部每日工作会议", Kind.DAILY, EVERY_DAY, (10, 0), 30,
            HEAD, MARKETING_PEOPLE, DAILY_AGENDA, "前台会议区"),
    _series("marketing-month-end", M, "营销部月末总结会", Kind.MONTH_END, MONTH_END, (17, 0), 60,
            HEAD, MARKETING_PEOPLE, SUMMARY_AGENDA, "会议室"),
    _series("marketing-quarterly", M, "营销部季度总结与计划会", Kind.QUARTERLY, QUARTER_START, (15, 0), 90,
            HEAD, MARKETING_PEOPLE, SUMMARY_AGENDA, "会议室"),
    _series("marketing-annual", M, "营销部年度总结与计划会", Kind.ANNUAL, YEAR_END, (14, 0), 120,
            HEAD, MARKETING_PEOPLE, SUMMARY_AGENDA, "会议室"),
    _series("massage-weekly", S, "按摩技师部周例会", Kind.WEEKLY, MONDAYS, (10, 30), 60,
            BOSS, MASSAGE_PEOPLE, WEEKLY_AGENDA, "培训室"),
    _series("massage-monthly", S, "按摩技师部月度会议", Kind.MONTH_END, MONTH_END, (16, 0), 60,
            BOSS, MASSAGE_PEOPLE, SUMMARY_AGENDA, "培训室"),
    _series("technical-daily", C, "技术部与保健部每日工作会议", Kind.DAILY, EVERY_DAY, (10, 30), 30,
            TECH, TECHNICAL_PEOPLE, DAILY_AGENDA, "培训室"),
    _series("technical-month-end", C, "技术部与保健部月末总结会", Kind.MONTH_END, MONTH_END, (15, 0), 60,
            TECH, TECHNICAL_PEOPLE, SUMMARY_AGENDA, "会议室"),
    _series("technical-quarterly", C, "技术部与保健部季度总结与计划会", Kind.QUARTERLY, QUARTER_START, (16, 30), 90,
            TECH, TECHNICAL_PEOPLE, SUMMARY_AGENDA, "会议室"),
    _series("technical-annual", C, "技术部与保健部年度总结与计划会", Kind.ANNUAL, YEAR_END, (10, 0), 120,
            TECH, TECHNICAL_PEOPLE, SUMMARY_AGENDA, "会议室"),
]
