"""Demo meetings for one club: ``seed(club=..., today=..., days=90)``.

The default series, then every meeting they had in the last ``days`` days, held: attendance
(mostly present, some late, absent or excused), minutes, one or two decisions, action items
(most done at a later meeting, some dropped, some still open and carried, some overdue), the
minutes finalised except the last few daily and weekly ones; each summary meeting's report written and submitted,
the older ones acknowledged and one returned. Then the meetings of the next fortnight.

Deterministic (a fixed random seed per club) and idempotent: a club that already has a held
meeting gets no history again, only what the tick would make.
"""

import datetime
import random

from django.db import transaction
from django.db.models import F, OuterRef, Subquery
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from staff.models import Role

from . import recurrence
from .models import ActionItem, Attendee, Decision, Meeting, MeetingSeries, Report
from .selectors import report_figures
from .services import meetings_create_ahead, meetings_make, report_period, report_recipient, series_install_defaults

MINUTES = {
    "daily": [
        "回顾昨日接待情况，客流比预期多，预约排班基本顺利。今日重点：会员回访与新客转化。",
        "昨日两位客人反映等候时间偏长，已向店长反馈，今天起高峰时段增加一名前台。",
        "传达公司本周推广活动要求，各人明确今日分工与目标。",
        "技师仪容检查全部合格；提醒各组注意按摩房卫生与消耗品登记。",
    ],
    "weekly": [
        "传达公司本月目标与服务标准；上周顾客表扬三次、投诉一次，已逐一分析原因。",
        "讨论技师考核安排与手法培训计划，主管汇报各组出勤与仪容情况。",
    ],
    "summary": [
        "分析本期出勤、职责完成、培训与会议数据；总结亮点与不足，明确下期目标和措施。",
        "对照上期计划逐项检查完成情况，讨论存在问题的真实原因，提出改进方案和需要上级支持的事项。",
    ],
}
DECISIONS = [
    "高峰时段（18:00–22:00）前台增加一人值班。",
    "本周内完成全部VIP会员电话回访。",
    "下周一起执行新的技师仪容检查表。",
    "按摩膏领用改为每日登记，月底核对。",
    "每周三下午安排一次手法复训。",
    "投诉处理须在24小时内回复客人。",
]
ITEMS = [
    "整理本月新客名单并分配回访",
    "联系商会确认下月讲座场地",
    "更新会员档案中的生日信息",
    "制定下周技师排班表",
    "检查各按摩房消耗品库存",
    "准备下月促销活动方案",
    "跟进投诉客人的满意度回访",
    "组织一次专业知识小测验",
]
DROPPED = ["活动取消，不再需要", "已由其他部门负责"]
DONE_NOTES = ["已完成", "已按时完成并反馈", ""]
ANALYSIS = "本期整体出勤稳定，职责清单完成率较上期提高；部分人员迟到次数偏多，已安排谈话。会员回访仍有遗漏，需加强跟进。"
PLAN = "下期目标：出勤率保持在95%以上；完成全部VIP回访；组织一次技术手法比赛；每周检查行动项进度。"


def _at(meeting, minutes):
    return meeting.starts_at + datetime.timedelta(minutes=minutes)


def _attendance(meetings, rng):
    """Everyone present but a few late, absent or excused; a handful of updates whatever the number of rows."""
    rows = Attendee.objects.filter(meeting__in=meetings)
    meeting = Meeting.objects.filter(pk=OuterRef("meeting_id"))
    rows.update(status="present", recorded_by_id=Subquery(meeting.values("chair_id")),
                recorded_at=Subquery(meeting.values("starts_at")))
    others = {"late": [], "absent": [], "excused": []}
    present = {}
    for pk, meeting_id, person in ((r.pk, r.meeting_id, r.person) for r in rows.select_related("person")):
        roll = rng.random()
        status = "present" if roll < 0.86 else "late" if roll < 0.93 else "absent" if roll < 0.96 else "excused"
        if status == "present" or status == "late":
            present.setdefault(meeting_id, []).append(person)
        if status != "present":
            others[status].append(pk)
    for status, pks in others.items():
        Attendee.objects.filter(pk__in=pks).update(status=status, note={"late": "堵车", "excused": "请假"}.get(status, ""))
    return present


def _items_for(meeting, people, rng, today):
    chance = {"daily": 0.3, "weekly": 0.8}.get(meeting.kind, 1.0)
    count = (1 if rng.random() < chance else 0) + (1 if meeting.is_summary else 0)
    candidates = [p for p in people if p.position != Role.TECHNICIAN] or people
    items = []
    for _n in range(count):
        if not candidates:
            break
        day = meeting.local_date
        items.append(ActionItem(
            series_id=meeting.series_id, meeting=meeting, club_id=meeting.club_id, what=rng.choice(ITEMS),
            owner=rng.choice(candidates), due=day + datetime.timedelta(days=rng.randint(2, 12)),
            created_by_id=meeting.chair_id,
        ))
    return items


def _close(items, meetings_by_series, rng, today):
    """Most items are done at a later meeting of their series (a few late), some dropped; the rest stay open."""
    closed = []
    for item in items:
        roll = rng.random()
        if roll >= 0.9:
            continue  # still open: carried, or overdue once its due date has passed
        raised = item.meeting.local_date
        when = item.due - datetime.timedelta(days=rng.randint(0, 3))
        later = [m for m in meetings_by_series[item.series_id] if raised < m.local_date < today]
        on_time = [m for m in later if m.local_date <= when]
        if not later or (not on_time and item.due >= today):
            continue  # nothing since, or not due yet: open and carried
        at = on_time[-1] if on_time else later[0]
        item.status = ActionItem.Status.DONE if roll < 0.83 else ActionItem.Status.DROPPED
        item.note = rng.choice(DONE_NOTES) if item.status == ActionItem.Status.DONE else rng.choice(DROPPED)
        item.closed_at, item.closed_in = _at(at, 15), at
        closed.append(item)
    return closed


def _reports(meetings, rng, today):
    summary = [m for m in meetings if m.is_summary]
    for n, meeting in enumerate(sorted(summary, key=lambda m: m.starts_at)):
        if Report.objects.filter(meeting=meeting).exists():
            continue
        start, end = report_period(meeting)
        submitted = _at(meeting, 24 * 60)
        latest = n >= len(summary) - 2
        report = Report(
            meeting=meeting, club_id=meeting.club_id, department_id=meeting.department_id, period_start=start,
            period_end=end, author=meeting.chair, to=report_recipient(meeting.chair, meeting.club),
            figures=report_figures(meeting=meeting, start=start, end=end, today=meeting.local_date),
            figures_at=_at(meeting, 60), analysis=ANALYSIS, plan=PLAN, status=Report.Status.SUBMITTED,
            submitted_at=submitted,
        )
        if not latest:
            report.status, report.reviewed_by = Report.Status.ACKNOWLEDGED, report.to
            report.reviewed_at, report.review_comment = submitted + datetime.timedelta(days=1), "已阅，同意下期计划。"
        elif n == len(summary) - 2 and rng.random() < 0.5:
            report.status, report.reviewed_by = Report.Status.RETURNED, report.to
            report.reviewed_at = submitted + datetime.timedelta(hours=5)
            report.review_comment = "请补充会员回访未完成的原因和具体改进措施。"
        report.save()


@transaction.atomic
def seed(*, club, today, days=90):
    """The club's demo meetings; returns the number of meetings held."""
    start = today - datetime.timedelta(days=days)
    series_install_defaults(club=club, today=start)
    all_series = list(MeetingSeries.objects.filter(club=club, is_active=True).select_related("club", "department"))
    if Meeting.objects.filter(club=club, status=Meeting.Status.HELD).exists():
        for series in all_series:
            meetings_create_ahead(series=series, today=today)
        return 0
    rng = random.Random(f"meetings-{club.code}")
    MeetingSeries.objects.filter(club=club, starts_on__gt=start).exclude(key="").update(starts_on=start)
    calendar = recurrence.holiday_calendar(club, start, today)
    for series in all_series:
        series.starts_on = min(series.starts_on, start)
        meetings_make(series=series, days=recurrence.occurrences(series, start, today - datetime.timedelta(days=1),
                                                                   club=club, calendar=calendar))
    meetings = list(
        Meeting.objects.filter(club=club, starts_at__lt=timezone.now(), occurrence__lt=today)
        .select_related("club", "chair", "series", "department").order_by("starts_at")
    )
    present = _attendance(meetings, rng)
    by_series, decisions, items = {}, [], []
    for meeting in meetings:
        by_series.setdefault(meeting.series_id, []).append(meeting)
        group = "daily" if meeting.kind == "daily" else "weekly" if meeting.kind == "weekly" else "summary"
        meeting.minutes = rng.choice(MINUTES[group])
        decisions += [Decision(meeting=meeting, text=rng.choice(DECISIONS), order=k + 1, created_by_id=meeting.chair_id)
                      for k in range(rng.randint(1, 2))]
        items += _items_for(meeting, present.get(meeting.pk, []), rng, today)
    # The last two daily or weekly meetings of each series are left to finalise; summary meetings are all final.
    recent = {m.pk for ms in by_series.values() for m in ms[-2:] if not m.is_summary}
    held = Meeting.objects.filter(pk__in=[m.pk for m in meetings])
    held.update(status=Meeting.Status.HELD)
    for text in {m.minutes for m in meetings}:
        held.filter(pk__in=[m.pk for m in meetings if m.minutes == text]).update(minutes=text)
    for series in all_series:
        held.filter(series=series).exclude(pk__in=recent).update(
            finalised_by=series.chair,
            finalised_at=F("starts_at") + datetime.timedelta(minutes=series.duration_minutes + 30),
        )
    meetings = list(held.select_related("club", "chair", "series", "department").order_by("starts_at"))
    Meeting.history.bulk_history_create(meetings, update=True, default_change_reason="demo")
    bulk_create_with_history(decisions, Decision, batch_size=500, default_change_reason="demo")
    items = bulk_create_with_history(items, ActionItem, batch_size=500, default_change_reason="demo")
    items = list(ActionItem.objects.filter(club=club).select_related("meeting__club"))
    closed = _close(items, by_series, rng, today)
    if closed:
        bulk_update_with_history(closed, ActionItem, ["status", "note", "closed_at", "closed_in"], batch_size=500,
                                 default_change_reason="demo")
    _reports([m for m in meetings if m.finalised_at], rng, today)
    for series in all_series:
        meetings_create_ahead(series=series, today=today)
    return len(meetings)
