"""A month of records with known answers: October 2026 in both of ``world``'s clubs.

Every figure the report shows for October is written down in ``EXPECTED`` (club 1, club 2 and
the chain), worked out by hand from the records below, so that the tests compare the report's
JSON with numbers nobody computed with the code under test.

Club 1, October 2026 (Asia/Shanghai):
* Tech A1: on time 8 and 9 Oct; late 12 (10′), 13 (25′), 14 (5′) Oct → three late arrivals: needs a talk.
* Tech A2: 1 Oct a day off (the National Day holiday); on time 8, 9 and 10 Oct (10 Oct a Saturday,
  a make-up workday in the club's calendar); sick leave 20 Oct, annual leave 21 Oct → honour roll.
* Tech B1: absent 15 Oct (talk held), left early 16 Oct (30′); night shift 22:00–06:00 on 31 Oct,
  left at 04:00 on 1 Nov (120′ early) — it belongs to 31 Oct; the night shift of 30 Sep that ended
  on 1 Oct belongs to September.
* Supervisor A: 31 Oct not recorded (the evening job).
* A technician hired on 12 Oct, and one who left on 20 Oct.
* Grooming (first round): A1 passed; A2 failed nails and hair (a second round passed: not counted);
  B1 failed nails. Hygiene: Room 1 passed on 8 Oct, failed (floor) on 9 Oct.
* Consumables: 4 massage cream to A1 at 23:30 on 31 Oct and 2 at 00:30 on 1 Nov (November);
  3 towels on 20 Oct, leaving 9 towels, at or below the warning at 10.
* Service checks: A1 scored 4 and 5, B1 scored 3; a complaint about B1, praise for A1 and A2.
* Checklists: supervisor A done, supervisor B not done; the store manager's monthly list one
  not applicable and one left open (overdue).
Club 2: Tech Two on time 8 Oct, late 9 Oct (15′); Supervisor Two on time 8 Oct; one service
check scored 2.
"""

import datetime

import pytest

from attendance.services import consumables as services_consumables
from attendance.models import (
    Area,
    Attendance,
    AttendanceTalk,
    ConsumableItem,
    CustomerFeedback,
    GroomingCheck,
    GroomingFailure,
    GroomingItem,
    HygieneCheck,
    HygieneFailure,
    HygieneItem,
    JobRun,
    QualityCriterion,
    ServiceCheck,
    ServiceCheckScore,
    ShiftTemplate,
    Status,
)
from duties.models import Checklist, ChecklistItem, Duty, DutyVersion
from staff.models import Holiday, Person
from tests.factories import PersonFactory

# The tests read October as a closed month, and November as the running one, on this day.
READ_IN_NOVEMBER = pytest.mark.clock("2026-11-20T10:00:00+08:00")

MONTH = datetime.date(2026, 10, 1)
PREVIOUS = datetime.date(2026, 9, 1)
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


def day(n, month=10):
    return datetime.date(2026, month, n)


def at(n, hour, minute=0, month=10):
    return datetime.datetime(2026, month, n, hour, minute, tzinfo=SHANGHAI)


def _record(person, date, status, **fields):
    return Attendance.objects.create(person=person, club=person.club, date=date, status=status, **fields)


def build_month(w):
    """Create the month described above in ``world`` ``w``; returns the records tests change later."""
    c1, c2 = w.club1, w.club2
    Holiday.objects.create(club=c1, date=day(10), kind=Holiday.Kind.WORKDAY, name="National Day make-up")
    night = ShiftTemplate.objects.create(club=c1, name="Night", start="22:00", end="06:00")

    a1, a2, b1 = w.technician, w.technician_a2, w.technician_b
    records = {}
    for n in (8, 9):
        _record(a1, day(n), Status.PRESENT)
    for n, minutes in ((12, 10), (13, 25), (14, 5)):
        records[f"a1_late_{n}"] = _record(a1, day(n), Status.LATE, late_minutes=minutes)
    _record(a2, day(1), Status.DAY_OFF)
    for n in (8, 9, 10):
        _record(a2, day(n), Status.PRESENT)
    _record(a2, day(20), Status.LEAVE, leave_type="sick")
    _record(a2, day(21), Status.LEAVE, leave_type="annual")
    _record(b1, day(15), Status.ABSENT)
    _record(b1, day(16), Status.LEFT_EARLY, early_minutes=30)
    records["night_31"] = _record(
        b1, day(31), Status.LEFT_EARLY, shift=night, arrived_at=at(31, 22), left_at=at(1, 4, month=11),
        early_minutes=120,
    )
    _record(b1, day(30, 9), Status.PRESENT, shift=night, arrived_at=at(30, 22, month=9), left_at=at(1, 6))
    _record(a1, day(15, 9), Status.LATE, late_minutes=20)
    _record(w.supervisor_a, day(31), Status.NOT_RECORDED)
    for n in range(1, 32):
        JobRun.objects.create(club=c1, job=JobRun.Job.CLOSE_DAY, period=day(n))

    _record(w.technician_2, day(8), Status.PRESENT)
    _record(w.technician_2, day(9), Status.LATE, late_minutes=15)
    _record(w.supervisor_2, day(8), Status.PRESENT)

    PersonFactory(name="New Tech", club=c1, department=a1.department, team=w.team_b, hire_date=day(12))
    PersonFactory(name="Leaving Tech", club=c1, department=a1.department, hire_date=datetime.date(2025, 3, 1),
                  status=Person.Status.LEFT, left_on=day(20))

    AttendanceTalk.objects.create(person=b1, club=c1, month=MONTH, held_on=day(5, 11), held_by=w.dept_manager,
                                  cause="Bus", help_agreed="Earlier bus")

    GroomingItem.ensure_defaults(c1)
    items = {i.key: i for i in GroomingItem.objects.filter(club=c1)}
    GroomingCheck.objects.create(person=a1, date=day(8), round=1, passed=True)
    failed = GroomingCheck.objects.create(person=a2, date=day(8), round=1, passed=False)
    GroomingFailure.objects.create(check_record=failed, item=items["nails"], note="long")
    GroomingFailure.objects.create(check_record=failed, item=items["hair"], note="loose")
    GroomingCheck.objects.create(person=a2, date=day(8), round=2, passed=True)
    failed = GroomingCheck.objects.create(person=b1, date=day(9), round=1, passed=False)
    GroomingFailure.objects.create(check_record=failed, item=items["nails"], note="dirty")

    HygieneItem.ensure_defaults(c1)
    floor_item = HygieneItem.objects.get(club=c1, key="floor")
    room = Area.objects.create(club=c1, name="Room 7", responsible=a1)
    HygieneCheck.objects.create(area=room, date=day(8), responsible=a1, passed=True)
    bad = HygieneCheck.objects.create(area=room, date=day(9), responsible=a1, passed=False, note="dusty")
    HygieneFailure.objects.create(check_record=bad, item=floor_item)

    cream = ConsumableItem.objects.create(club=c1, name="Cream", unit="bottle", stock=10, low_stock_threshold=3)
    towels = ConsumableItem.objects.create(club=c1, name="Towel", unit="towel", stock=12, low_stock_threshold=10)
    by = w.supervisor_a
    services_consumables.issue(item=cream, technician=a1, quantity=4, by=by, issued_at=at(31, 23, 30))
    services_consumables.issue(item=cream, technician=a1, quantity=2, by=by, issued_at=at(1, 0, 30, month=11))
    services_consumables.issue(item=towels, technician=a2, quantity=3, by=by, issued_at=at(20, 15))

    QualityCriterion.ensure_defaults(c1)
    QualityCriterion.ensure_defaults(c2)
    crit = list(QualityCriterion.objects.filter(club=c1))
    check = ServiceCheck.objects.create(club=c1, technician=a1, date=day(8), checked_by=by)
    ServiceCheckScore.objects.create(check_record=check, criterion=crit[0], score=4)
    ServiceCheckScore.objects.create(check_record=check, criterion=crit[1], score=5)
    check = ServiceCheck.objects.create(club=c1, technician=b1, date=day(9), checked_by=by)
    ServiceCheckScore.objects.create(check_record=check, criterion=crit[0], score=3)
    check = ServiceCheck.objects.create(club=c2, technician=w.technician_2, date=day(9))
    ServiceCheckScore.objects.create(check_record=check, criterion=QualityCriterion.objects.filter(club=c2).first(),
                                     score=2)
    CustomerFeedback.objects.create(club=c1, technician=b1, date=day(9), kind="complaint", said="Rough",
                                    action="Talked")
    CustomerFeedback.objects.create(club=c1, technician=a1, date=day(10), kind="praise", said="Great")
    CustomerFeedback.objects.create(club=c1, technician=a2, date=day(11), kind="praise", said="Kind")

    def checklist(person, cadence, start, end, states):
        duties = []
        for n, state in enumerate(states):
            duty = Duty.objects.create(club=c1, position=person.position, key=f"report-{cadence}-{person.pk}-{n}")
            duty.current = DutyVersion.objects.create(duty=duty, number=1, cadence=cadence, text_en=f"Duty {n}")
            duty.save()
            duties.append((duty, state))
        lst = Checklist.objects.create(person=person, club=c1, cadence=cadence, period_start=start, period_end=end)
        for duty, state in duties:
            ChecklistItem.objects.create(checklist=lst, duty=duty, duty_version=duty.current, state=state)

    checklist(w.supervisor_a, "daily", day(8), day(8), ["done"])
    checklist(w.supervisor_b, "daily", day(8), day(8), ["not_done"])
    checklist(w.store_manager, "monthly", day(1), day(31), ["na", "open"])
    return records


EXPECTED_CLUB1 = {
    "headcount.total.start": 12, "headcount.total.end": 12, "headcount.total.joined": 1, "headcount.total.left": 1,
    "headcount.positions.technician.start": 4, "headcount.positions.technician.end": 4,
    "headcount.positions.supervisor.end": 2, "headcount.positions.store_manager.end": 1,
    "attendance.records": 15, "attendance.worked": 10, "attendance.on_time": 5,
    "attendance.late": 3, "attendance.late_minutes": 40, "attendance.early": 2, "attendance.early_minutes": 150,
    "attendance.absent": 1, "attendance.leave": 2, "attendance.leave_days.sick": 1, "attendance.leave_days.annual": 1,
    "attendance.leave_days.personal": 0, "attendance.day_off": 1, "attendance.not_recorded": 1,
    "attendance.due_days": 14, "attendance.rate": 71.4, "attendance.days_closed": 31, "attendance.days_in_month": 31,
    "followup.honour_roll_count": 1, "followup.needs_talk_count": 2, "followup.talks_held": 1,
    "followup.needs_talk_without_talk": 1,
    "grooming.checks": 3, "grooming.passed": 1, "grooming.failed": 2, "grooming.pass_rate": 33.3,
    "hygiene.checks": 2, "hygiene.passed": 1, "hygiene.pass_rate": 50.0,
    "consumables.issues": 2, "consumables.quantity": 7, "consumables.low_stock_count": 1,
    "quality.checks": 2, "quality.scores": 3, "quality.score_sum": 12, "quality.average": 4.0,
    "quality.praise": 2, "quality.complaints": 1,
    "checklists.total.done": 1, "checklists.total.not_done": 1, "checklists.total.na": 1,
    "checklists.total.overdue": 1, "checklists.total.total": 4, "checklists.total.rate": 33.3,
    "checklists.positions.supervisor.rate": 50.0, "checklists.positions.store_manager.rate": 0.0,
    "training.available": False, "meetings.available": False,
}
EXPECTED_CLUB2 = {
    "attendance.records": 3, "attendance.worked": 3, "attendance.late": 1, "attendance.late_minutes": 15,
    "attendance.rate": 100.0, "followup.honour_roll_count": 1, "followup.needs_talk_count": 0,
    "quality.checks": 1, "quality.average": 2.0, "grooming.pass_rate": None, "consumables.quantity": 0,
}
EXPECTED_CHAIN = {
    "attendance.worked": 13, "attendance.due_days": 17, "attendance.rate": 76.5, "attendance.late": 4,
    "attendance.late_minutes": 55, "quality.scores": 4, "quality.average": 3.5,
    "followup.honour_roll_count": 2, "followup.needs_talk_count": 2, "grooming.pass_rate": 33.3,
    "checklists.total.rate": 33.3, "checklists.positions.supervisor.rate": 50.0,
}
EXPECTED_PREVIOUS_CLUB1 = {"attendance.late": 1, "attendance.late_minutes": 20, "attendance.worked": 2}
