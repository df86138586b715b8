"""Chain-size data for the benchmark (``manage.py seed_scale``).

``seed_scale(clubs=50, staff=40, months=12)`` builds a chain of ``clubs`` clubs of about
``staff`` people each (the heads of every department, customer managers, supervisors with
about ten technicians each) and ``months`` finished months plus the current month up to
yesterday of records: attendance (one per person and day), grooming checks, area hygiene,
service checks, checklists from the duty catalogue, training sessions and hands-on
assessments, meetings, and the finished months' report snapshots. The first club also has
one team of 30 technicians (a supervisor's team well above the usual ten).

Everything is drawn from random generators seeded with fixed values and the club's number,
so the same chain comes out on every machine for the same ``today``. Rows are written with
``bulk_create`` club by club (no history rows: seeded records are "old", so no snapshot
counts as stale). Every person has a login (the password ``SCALE_PASSWORD``), so that the
checklist job generates lists for all of them.

The chain is refused on a database that already holds people: seed an empty database.
"""

import datetime
import enum
import random
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

from attendance.derive import derive
from attendance.models import (
    Area,
    Attendance,
    AttendancePolicy,
    GroomingCheck,
    GroomingFailure,
    GroomingItem,
    HygieneCheck,
    HygieneFailure,
    HygieneItem,
    JobRun,
    LeaveType,
    QualityCriterion,
    RosterEntry,
    ServiceCheck,
    ServiceCheckScore,
    ShiftTemplate,
    Status,
)
from duties.catalogue import catalogue_install_defaults
from duties.models import CHECKLIST_CADENCES, Checklist, ChecklistItem, Duty
from kernel.months import month_start, next_month, previous_month
from kernel.periods import period
from staff.demo import NameMaker
from staff.models import Club, Department, Gender, Level, Person, Role, Team

SCALE_PASSWORD = "clubops-bench"  # noqa: S105 - documented benchmark password
OWNER_USERNAME = "owner"
BIG_TEAM_SIZE = 30
SHIFTS = [("早班", datetime.time(10), datetime.time(18)), ("中班", datetime.time(14), datetime.time(22)),
          ("晚班", datetime.time(18), datetime.time(2))]
HEADS = [  # (position, department kind, username part)
    (Role.STORE_MANAGER, Department.Kind.ADMIN, "storemanager"),
    (Role.MARKETING_DIRECTOR, Department.Kind.MARKETING, "marketing"),
    (Role.CARE_MANAGER, Department.Kind.CARE, "caremanager"),
    (Role.TECHNICAL_MANAGER, Department.Kind.CARE, "techmanager"),
    (Role.TECHNICIAN_MANAGER, Department.Kind.MASSAGE, "deptmanager"),
]
CUSTOMER_MANAGERS = 2
AREAS = ["按摩房1", "按摩房2", "按摩房3", "足疗区", "休息区", "前台"]
GROOMING_NOTES = ["工服有污渍", "忘戴工牌", "头发未束起", "指甲过长", "精神不振"]
HYGIENE_NOTES = ["地面有水渍", "床单未更换", "毛巾不足", "垃圾未清理"]
SKIPPED = ["客流太多，未来得及", "人手不足", "改到明天"]
BATCH = 2000


def club_code(n):
    return f"scale-{n:03d}"


def username(club_n, part):
    """The login of a seeded person, e.g. ``s001-supervisor1`` or ``s001-tech1-3`` (club 1, team 1, 3rd technician)."""
    return f"s{club_n:03d}-{part}"


def big_team_supervisor():
    """The login of the supervisor of the 30-technician team (club 1)."""
    return username(1, "supervisorbig")


def team_shape(staff):
    """(number of supervisors, technicians per team) for ``staff`` people in a club."""
    rest = max(staff - len(HEADS) - CUSTOMER_MANAGERS, 2)
    supervisors = max(1, round(rest / 11))
    technicians = rest - supervisors
    sizes = [technicians // supervisors + (1 if i < technicians % supervisors else 0) for i in range(supervisors)]
    return supervisors, sizes


def period_start(today, months):
    """The first day of the seeded history: ``months`` whole months before the current one."""
    first = month_start(today)
    for _n in range(months):
        first = previous_month(first)
    return first


@dataclass
class Progress:
    """Counts of what was created, and a callback that reports as it goes."""

    report: object = print
    counts: dict = field(default_factory=dict)

    def add(self, name, n):
        self.counts[name] = self.counts.get(name, 0) + n

    def say(self, text):
        if self.report:
            self.report(text)


def _days(first, last):
    day = first
    while day <= last:
        yield day
        day += datetime.timedelta(days=1)


class Rows:
    """Plain multi-row INSERTs with ids given here: the biggest tables, without the ORM's cost per object.

    ``add(**values)`` takes column values (foreign keys as ``<name>_id``); a field not given takes
    its default, ``auto_now`` fields the time of the run. Returns the new row's id. Sequences
    are set past the ids used at the end of the seed (``reset_sequences``).
    """

    PER_STATEMENT = 400

    def __init__(self, model, progress):
        self.model, self.progress = model, progress
        self.fields = [f for f in model._meta.concrete_fields]
        self.names = [f.attname for f in self.fields]
        now = timezone.now()
        self.defaults = {}
        for f in self.fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                self.defaults[f.attname] = now
            else:
                self.defaults[f.attname] = f.get_default()  # "" for text, None for the rest without a default
        ops = connection.ops
        self.adapt = {}
        for f in self.fields:
            if isinstance(f, models.DateTimeField):
                self.adapt[f.attname] = ops.adapt_datetimefield_value
            elif isinstance(f, models.DateField):
                self.adapt[f.attname] = ops.adapt_datefield_value
        self.cache = {}  # the same dates and times come back many times: adapt each once
        self.index = {name: n for n, name in enumerate(self.names)}
        self.template = [self._prepared(name, self.defaults[name]) for name in self.names]
        self.next_id = (model.objects.aggregate(m=models.Max("pk"))["m"] or 0) + 1
        self.pending = []
        columns = ", ".join(connection.ops.quote_name(f.column) for f in self.fields)
        self.row_sql = "(" + ", ".join(["%s"] * len(self.fields)) + ")"
        self.sql_head = f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns}) VALUES "

    def _prepared(self, name, value):
        if value is None:
            return None
        if isinstance(value, enum.Enum):
            return value.value
        adapt = self.adapt.get(name)
        if adapt is None:
            return value
        key = (name, value)
        if key not in self.cache:
            self.cache[key] = adapt(value)
        return self.cache[key]

    def add(self, **values):
        pk = self.next_id
        self.next_id += 1
        values["id"] = pk
        row = self.template.copy()
        index = self.index
        for name, value in values.items():
            row[index[name]] = self._prepared(name, value)
        self.pending.append(row)
        if len(self.pending) >= 20 * self.PER_STATEMENT:
            self.flush()
        return pk

    def flush(self):
        with connection.cursor() as cursor:
            for start in range(0, len(self.pending), self.PER_STATEMENT):
                chunk = self.pending[start:start + self.PER_STATEMENT]
                cursor.execute(self.sql_head + ", ".join([self.row_sql] * len(chunk)),
                               [value for row in chunk for value in row])
        self.progress.add(self.model._meta.model_name, len(self.pending))
        self.pending = []


def reset_sequences(models_used):
    """Move the database's id sequences past the ids given by ``Rows`` (PostgreSQL; SQLite needs nothing)."""
    statements = connection.ops.sequence_reset_sql(no_style(), models_used)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def _bulk(model, rows, progress, name=None):
    model.objects.bulk_create(rows, batch_size=BATCH)
    progress.add(name or model._meta.model_name, len(rows))
    return rows


# --- People ----------------------------------------------------------------------------------------


def _people(club, n, *, staff, big_team, hired, rng, names, password, owner, progress):
    """The club's departments, people, logins and teams; returns {"people": [...], "teams": [(team, supervisor, techs)]}."""
    departments = {kind: Department(club=club, kind=kind) for kind in Department.Kind.values}
    _bulk(Department, list(departments.values()), progress)
    User = get_user_model()
    people, logins = [], []

    def person(part, position, kind, **fields):
        gender = fields.pop("gender", Gender.FEMALE if rng.random() < 0.6 else Gender.MALE)
        p = Person(
            club=club, department=departments[kind], position=position, gender=gender,
            name=names.make(gender), hire_date=hired(), phone=f"1{n:03d}{len(people):07d}", **fields,
        )
        people.append(p)
        logins.append(username(n, part))
        return p

    heads = {}
    for position, kind, part in HEADS:
        heads[position] = person(part, position, kind, reports_to=owner)
    for position in heads:
        if position != Role.STORE_MANAGER:
            heads[position].reports_to = heads[Role.STORE_MANAGER]
    heads[Role.TECHNICAL_MANAGER].reports_to = heads[Role.CARE_MANAGER]
    for k in range(CUSTOMER_MANAGERS):
        person(f"customer{k + 1}", Role.CUSTOMER_MANAGER, Department.Kind.MARKETING,
               reports_to=heads[Role.MARKETING_DIRECTOR])
    supervisors, sizes = team_shape(staff)
    if big_team:
        sizes = sizes + [BIG_TEAM_SIZE]
    plan = []
    for t, size in enumerate(sizes):
        big = big_team and t == len(sizes) - 1
        sup = person("supervisorbig" if big else f"supervisor{t + 1}", Role.SUPERVISOR, Department.Kind.MASSAGE,
                     reports_to=heads[Role.TECHNICIAN_MANAGER])
        plan.append((t, big, sup, size))
    # Save the heads first (reports_to points at saved rows), then the others.
    _save_people(people, logins, User, password, progress)
    teams, members = [], []
    for t, big, sup, size in plan:
        team = Team(club=club, department=departments[Department.Kind.MASSAGE], supervisor=sup,
                    name="大组" if big else f"{t + 1}组")
        teams.append((team, sup, size, big))
    _bulk(Team, [t for t, *_rest in teams], progress)
    tech_people, tech_logins, result_teams = [], [], []
    for t, (team, sup, size, big) in enumerate(teams):
        techs = []
        for m in range(size):
            gender = Gender.FEMALE if rng.random() < 0.7 else Gender.MALE
            p = Person(
                club=club, department=departments[Department.Kind.MASSAGE], position=Role.TECHNICIAN, gender=gender,
                name=names.make(gender), hire_date=hired(), phone=f"1{n:03d}{len(people) + len(tech_people):07d}",
                reports_to=sup, team=team,
                level=rng.choice([Level.JUNIOR, Level.JUNIOR, Level.INTERMEDIATE, Level.SENIOR]),
            )
            tech_people.append(p)
            # From the team's number, not its name: "1组" and "10组" share a first character.
            tech_logins.append(username(n, f"{'techbig' if big else f'tech{t + 1}'}-{m + 1}"))
            techs.append(p)
        result_teams.append((team, sup, techs))
    _save_people(tech_people, tech_logins, User, password, progress)
    members = people + tech_people
    return {"people": members, "teams": result_teams, "departments": departments, "heads": heads}


def _save_people(people, logins, User, password, progress):
    users = [User(username=name, password=password, is_active=True) for name in logins]
    _bulk(User, users, progress, "user")
    for p, u in zip(people, users):
        p.user = u
    # Heads point at each other: insert in order, one level at a time.
    saved = set()
    while len(saved) < len(people):
        ready = [p for p in people if id(p) not in saved and (p.reports_to is None or p.reports_to.pk is not None)]
        for p in ready:
            p.reports_to_id = p.reports_to.pk if p.reports_to else None
        _bulk(Person, ready, progress)
        saved.update(id(p) for p in ready)


# --- The floor ---------------------------------------------------------------------------------


def _floor(club, world, *, first, today, rng, progress, fast):
    policy = AttendancePolicy.objects.create(club=club)
    GroomingItem.ensure_defaults(club)
    HygieneItem.ensure_defaults(club)
    QualityCriterion.ensure_defaults(club)
    items = list(GroomingItem.objects.filter(club=club))
    hygiene_items = list(HygieneItem.objects.filter(club=club))
    criteria = list(QualityCriterion.objects.filter(club=club))
    shifts = [ShiftTemplate(club=club, name=name, start=start, end=end) for name, start, end in SHIFTS]
    _bulk(ShiftTemplate, shifts, progress)
    zone = club.zone
    yesterday = today - datetime.timedelta(days=1)
    people = world["people"]
    recorder = {}
    for team, sup, techs in world["teams"]:
        for t in techs:
            recorder[t.pk] = sup
    shift_of = {}
    for index, (team, _sup, techs) in enumerate(world["teams"]):
        for t in techs:
            shift_of[t.pk] = shifts[index % len(shifts)]
    day_off = {p.pk: rng.randrange(7) for p in people}
    habit = {p.pk: rng.choice([0.01, 0.02, 0.02, 0.03, 0.05, 0.15]) for p in people}

    # The roster of the fortnight around today (the team screen reads the day's shift from it).
    roster = []
    for p in people:
        for day in _days(today - datetime.timedelta(days=7), today + datetime.timedelta(days=13)):
            off = day.weekday() == day_off[p.pk]
            roster.append(RosterEntry(person=p, date=day, shift=None if off else shift_of.get(p.pk, shifts[0])))
    _bulk(RosterEntry, roster, progress)

    attendance, checks, failures = fast[Attendance], fast[GroomingCheck], []
    for p in people:
        by = recorder.get(p.pk) or p.reports_to
        by_id = by.pk if by else None
        shift = shift_of.get(p.pk, shifts[0])
        for day in _days(first, yesterday):
            if day.weekday() == day_off[p.pk]:
                attendance.add(person_id=p.pk, club_id=club.pk, date=day, status=Status.DAY_OFF, recorded_by_id=by_id)
                continue
            roll = rng.random()
            if roll < 0.004:
                attendance.add(person_id=p.pk, club_id=club.pk, date=day, status=Status.ABSENT, recorded_by_id=by_id)
                continue
            if roll < 0.03:
                attendance.add(person_id=p.pk, club_id=club.pk, date=day, status=Status.LEAVE, recorded_by_id=by_id,
                               leave_type=rng.choice([LeaveType.SICK, LeaveType.PERSONAL, LeaveType.ANNUAL]))
                continue
            start, end = shift.bounds(day, zone)
            arrived = start - datetime.timedelta(minutes=rng.randint(0, 15))
            left = end + datetime.timedelta(minutes=rng.randint(0, 20))
            if rng.random() < habit[p.pk]:
                arrived = start + datetime.timedelta(minutes=rng.randint(6, 45))
            if rng.random() < 0.02:
                left = end - datetime.timedelta(minutes=rng.randint(20, 90))
            derived = derive(shift=shift, day=day, zone=zone, arrived_at=arrived, left_at=left,
                             arrival_grace=policy.arrival_grace_minutes, leaving_grace=policy.leaving_grace_minutes)
            attendance.add(
                person_id=p.pk, club_id=club.pk, date=day, shift_id=shift.pk, arrived_at=arrived, left_at=left,
                status=str(derived.status), late_minutes=derived.late_minutes, early_minutes=derived.early_minutes,
                recorded_by_id=by_id,
            )
            if p.position == Role.TECHNICIAN:
                passed = rng.random() >= 0.06
                check = checks.add(person_id=p.pk, date=day, round=1, passed=passed, checked_by_id=by_id)
                if not passed:
                    candidates = [i for i in items if i.applies_to_person(p)]
                    failures.append(GroomingFailure(check_record_id=check, item=rng.choice(candidates),
                                                    note=rng.choice(GROOMING_NOTES)))
    attendance.flush()
    checks.flush()
    # Every past evening was closed (nothing left to mark), and every finished month followed up.
    runs = [JobRun(club=club, job=JobRun.Job.CLOSE_DAY, period=day, summary="seeded") for day in _days(first, yesterday)]
    month = first
    while month < month_start(today):
        runs.append(JobRun(club=club, job=JobRun.Job.MONTHLY_FOLLOWUP, period=month, summary="seeded"))
        month = next_month(month)
    _bulk(JobRun, runs, progress)
    _bulk(GroomingFailure, failures, progress)

    # Areas kept by technicians, checked every day by their supervisor.
    techs = [t for _team, _sup, ts in world["teams"] for t in ts]
    areas = [Area(club=club, name=name, responsible=techs[k % len(techs)], order=k) for k, name in enumerate(AREAS)]
    _bulk(Area, areas, progress)
    hygiene, hygiene_failed = [], []
    for area in areas:
        for day in _days(first, yesterday):
            failed = rng.random() < 0.04
            check = HygieneCheck(area=area, date=day, responsible=area.responsible, passed=not failed,
                                 note=rng.choice(HYGIENE_NOTES) if failed else "",
                                 checked_by=recorder.get(area.responsible.pk))
            hygiene.append(check)
            if failed:
                hygiene_failed.append(check)
    _bulk(HygieneCheck, hygiene, progress)
    _bulk(HygieneFailure, [HygieneFailure(check_record=c, item=rng.choice(hygiene_items)) for c in hygiene_failed],
          progress)

    # A service spot check per technician and month, scored on every criterion.
    service, scores = [], []
    month = first
    while month <= yesterday:
        for t in techs:
            day = min(month + datetime.timedelta(days=rng.randrange(28)), yesterday)
            service.append(ServiceCheck(club=club, technician=t, date=day, checked_by=recorder.get(t.pk)))
        month = next_month(month)
    _bulk(ServiceCheck, service, progress)
    for check in service:
        scores += [ServiceCheckScore(check_record=check, criterion=c, score=rng.choice([3, 4, 4, 5, 5]))
                   for c in criteria]
    _bulk(ServiceCheckScore, scores, progress)


# --- Checklists --------------------------------------------------------------------------------


def _checklists(club, world, *, first, today, rng, progress, fast):
    catalogue_install_defaults(club=club)
    duties = list(Duty.objects.filter(club=club, is_active=True, current__isnull=False).select_related("current"))
    by_position = {}
    for duty in duties:
        if duty.current.cadence in CHECKLIST_CADENCES:
            by_position.setdefault((duty.position, duty.current.cadence), []).append(duty)
    yesterday = today - datetime.timedelta(days=1)
    zone = club.zone
    # Month by month, so that memory stays small at any size.
    month = first
    while month <= yesterday:
        last = min(next_month(month) - datetime.timedelta(days=1), yesterday)
        lists = []
        seen = set()
        for p in world["people"]:
            for cadence in CHECKLIST_CADENCES:
                if (p.position, cadence) not in by_position:
                    continue
                for day in _days(month, last):
                    start, end = period(cadence, day)
                    key = (p.pk, cadence, start)
                    if key in seen or (start < month and month != first):
                        continue
                    seen.add(key)
                    lists.append((p, cadence, start, end))
        for person, cadence, start, end in lists:
            pk = fast[Checklist].add(person_id=person.pk, club_id=club.pk, cadence=cadence, period_start=start,
                                     period_end=end)
            over = end < today
            for duty in by_position[(person.position, cadence)]:
                values = {"checklist_id": pk, "duty_id": duty.pk, "duty_version_id": duty.current_id,
                          "order": duty.order}
                if over:
                    roll = rng.random()
                    if roll < 0.93:
                        values["ticked_by_id"] = person.pk
                        values["ticked_at"] = datetime.datetime.combine(end, datetime.time(20),
                                                                        tzinfo=zone)
                        if roll < 0.82:
                            values["state"] = ChecklistItem.State.DONE.value
                        elif roll < 0.9:
                            values["state"], values["note"] = ChecklistItem.State.NOT_DONE.value, rng.choice(SKIPPED)
                        else:
                            values["state"], values["note"] = ChecklistItem.State.NOT_APPLICABLE.value, "本期不适用"
                fast[ChecklistItem].add(**values)
        fast[Checklist].flush()
        fast[ChecklistItem].flush()
        month = next_month(month)


# --- Training ----------------------------------------------------------------------------------


def _training(club, world, *, first, today, rng, progress):
    from training.models import (
        Assessment,
        AssessorSheet,
        Attempt,
        RubricCriterion,
        RubricScore,
        SessionAttendance,
        TrainingPlan,
        TrainingPolicy,
        TrainingSession,
    )

    TrainingPolicy.objects.get_or_create(club=club)
    heads = world["heads"]
    trainer = heads[Role.TECHNICAL_MANAGER]
    techs = [t for _team, _sup, ts in world["teams"] for t in ts]
    plan = TrainingPlan.objects.create(
        club=club, title="足底按摩技术流程", topic="technique", department=world["departments"][Department.Kind.MASSAGE],
        position=Role.TECHNICIAN, goals="按标准流程完成 60 分钟足底按摩，力度、穴位、顺序规范。", owner=trainer,
        starts_on=first, ends_on=today + datetime.timedelta(days=60), assessment_plan="手法考核：75 分及格。",
    )
    progress.add("trainingplan", 1)
    assessment = Assessment.objects.create(plan=plan, club=club, title="足底按摩手法考核", kind="hands_on",
                                           pass_mark=75, assessors_required=1)
    criteria = [RubricCriterion(assessment=assessment, name=name, weight=weight, max_score=10, order=k)
                for k, (name, weight) in enumerate([("手法", 40), ("力度", 30), ("流程", 30)])]
    _bulk(RubricCriterion, criteria, progress)
    yesterday = today - datetime.timedelta(days=1)
    sessions, month = [], first
    while month <= yesterday:
        day = min(month + datetime.timedelta(days=9), yesterday)
        sessions.append(TrainingSession(
            plan=plan, club=club, subject=f"{month:%m}月手法复训", date=day, start=datetime.time(14),
            end=datetime.time(16), place="培训室", trainer=trainer, status=TrainingSession.Status.HELD,
            attendance_taken_by=trainer,
            attendance_taken_at=datetime.datetime.combine(day, datetime.time(16), tzinfo=club.zone),
        ))
        month = next_month(month)
    _bulk(TrainingSession, sessions, progress)
    rows = []
    for s in sessions:
        for t in techs:
            roll = rng.random()
            status = "present" if roll < 0.9 else "late" if roll < 0.95 else "absent"
            rows.append(SessionAttendance(session=s, person=t, status=status))
    _bulk(SessionAttendance, rows, progress)
    # Every technician is assessed after the first session and each session in the first month of a
    # quarter, so that a short history (``--small``) has assessments whatever month it starts in.
    attempts, numbers = [], {}
    for s in sessions:
        if (s.date.month - 1) % 3 and s is not sessions[0]:
            continue
        for t in techs:
            numbers[t.pk] = numbers.get(t.pk, 0) + 1
            score = round(rng.uniform(60, 98), 1)
            attempts.append(Attempt(assessment=assessment, person=t, number=numbers[t.pk], state="marked",
                                    submitted_at=datetime.datetime.combine(s.date, datetime.time(17), tzinfo=club.zone),
                                    finished_on=s.date, score=score, passed=score >= 75, entered_by=trainer))
    _bulk(Attempt, attempts, progress)
    sheets = [AssessorSheet(attempt=a, assessor=trainer, weighted=a.score) for a in attempts]
    _bulk(AssessorSheet, sheets, progress)
    _bulk(RubricScore, [RubricScore(sheet=sh, criterion=c, score=round(float(sh.weighted) / 10, 1))
                        for sh in sheets for c in criteria], progress)


# --- Meetings ----------------------------------------------------------------------------------


def _meetings(club, world, *, first, today, rng, progress):
    from meetings import recurrence
    from meetings.models import Attendee, Meeting, MeetingSeries
    from meetings.services import meetings_make, series_install_defaults

    series_install_defaults(club=club, today=first)
    calendar = recurrence.holiday_calendar(club, first, today)
    yesterday = today - datetime.timedelta(days=1)
    made = 0
    for series in MeetingSeries.objects.filter(club=club).select_related("club"):
        made += meetings_make(series=series, days=recurrence.occurrences(series, first, yesterday, club=club,
                                                                         calendar=calendar))
    held = Meeting.objects.filter(club=club, occurrence__lt=today)
    held.update(status=Meeting.Status.HELD, minutes="回顾昨日工作，明确今日目标与分工。")
    Attendee.objects.filter(meeting__club=club, meeting__occurrence__lt=today).update(status=Attendee.Status.PRESENT)
    progress.add("meeting", made)


# --- Snapshots ---------------------------------------------------------------------------------


def build_snapshots(clubs, months, *, now=None, progress=None):
    """Build the report snapshot of every club for each of ``months`` (the report's own builder)."""
    from reports.snapshots import build_many

    for month in months:
        build_many(clubs, month, now=now, reason="seeded")
        if progress:
            progress.add("monthlysnapshot", len(clubs))
            progress.say(f"  snapshots of {month:%Y-%m} built for {len(clubs)} clubs")


# --- The whole chain ---------------------------------------------------------------------------


class NotEmpty(Exception):
    pass


def seed_scale(*, clubs=50, staff=40, months=12, today=None, report=print, seed=2026, floor_only=False):
    """Create the chain; returns the ``Progress`` with the counts of what was created.

    ``floor_only`` seeds people and the floor's records only (no checklists, training, meetings or
    snapshots): the benchmark's one big club (``bench/floor.py``: 1,000 or 3,000 people × a month).
    """
    if Person.objects.exists() or Club.objects.exists():
        raise NotEmpty(
            "The database already holds clubs or people; seed_scale only fills an empty database. "
            "Point DATABASE_URL at a new database (or flush this one) and run it again."
        )
    today = today or timezone.localdate()
    first = period_start(today, months)
    progress = Progress(report=report)
    password = make_password(SCALE_PASSWORD)
    names = NameMaker(seed=seed)
    started = timezone.now()
    User = get_user_model()
    owner_user = User.objects.create(username=OWNER_USERNAME, password=password, is_staff=True, is_superuser=True)
    owner = Person.objects.create(name="周建国", gender=Gender.MALE, phone="13900000000", position=Role.OWNER,
                                  hire_date=datetime.date(2015, 3, 1), user=owner_user)
    progress.say(f"Seeding {clubs} clubs x ~{staff} people, {first} to {today - datetime.timedelta(days=1)}")
    made = []
    fast = {model: Rows(model, progress) for model in (Attendance, GroomingCheck, Checklist, ChecklistItem)}
    for n in range(1, clubs + 1):
        rng = random.Random(f"{seed}-{n}")

        def hired(rng=rng):
            return first - datetime.timedelta(days=rng.randint(30, 1500))

        with transaction.atomic():
            club = Club.objects.create(code=club_code(n), name=f"规模测试店 {n:03d}", address=f"测试路 {n} 号",
                                       time_zone="Asia/Shanghai")
            world = _people(club, n, staff=staff, big_team=n == 1, hired=hired, rng=rng, names=names,
                            password=password, owner=owner, progress=progress)
            _floor(club, world, first=first, today=today, rng=rng, progress=progress, fast=fast)
            if not floor_only:
                _checklists(club, world, first=first, today=today, rng=rng, progress=progress, fast=fast)
                _training(club, world, first=first, today=today, rng=rng, progress=progress)
                _meetings(club, world, first=first, today=today, rng=rng, progress=progress)
            reset_sequences(list(fast))
        made.append(club)
        elapsed = (timezone.now() - started).total_seconds()
        progress.say(f"  club {n}/{clubs} ({club.code}): {len(world['people'])} people; "
                     f"{progress.counts.get('attendance', 0)} attendance rows so far; {elapsed:.0f} s")
    closed, month = [], first
    while month < month_start(today):
        closed.append(month)
        month = next_month(month)
    if not floor_only:
        from duties.counts import recount_all

        recount_all()  # the checklists' counts of their items (rows above were inserted with plain SQL)
        build_snapshots(made, closed, progress=progress)
    progress.say(f"Done in {(timezone.now() - started).total_seconds():.0f} s")
    return progress
