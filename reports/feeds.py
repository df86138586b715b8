"""Every kind of record a figure of the report reads, with how to find its club(s) and its day(s).

This registry is the one place that says what feeds the monthly report. Any create, change or
delete of a registered row — through ``save()``, a queryset's ``delete()``, the admin, or the
bulk writes of ``kernel.bulk`` — marks the (club, month) the row was in before **and** the one it
is in after as changed (``StaleMonth``), in the same transaction, by the signal receivers
``connect()`` installs (``apps.py``). A snapshot built before its month's latest change is stale
(``snapshots.py``).

``tests`` check that every table a figure's queries read is registered here or listed in
``REFERENCE`` (read for names only, with the reason), and that domain code writes registered
models in bulk only through ``kernel.bulk``.
"""

import datetime
import operator
import zoneinfo
from dataclasses import dataclass

from django.apps import apps
from django.db import connections, router, transaction
from django.db.models.signals import post_init, post_save, pre_delete, pre_save
from django.utils import timezone

from kernel import bulk
from kernel.months import month_start


@dataclass(frozen=True)
class Feed:
    """``model`` ("app.Model"); ``club``: the path to its club id (a row whose club is empty concerns every
    club); ``also_clubs``: paths to further clubs a figure counts the row under (e.g. a person's
    attendance, counted in the follow-up of the club they work in now); ``days``: paths to local dates;
    ``moments``: paths to times, put in a month by the club's time zone; ``every_month``: a change
    concerns every month of its club (e.g. a stock warning level); ``every_month_when``: columns of the row
    whose change concerns every month of its club (a customer's level decides whether their visits of every
    month were a VIP's); ``page``: the row feeds another app's section of the report page, not a figure of the
    snapshot, so its changes are written as ``SectionMark``, which makes no snapshot stale; ``listed_only``: no
    column but those listed here counts in a figure, so a save that changes none of them marks nothing (a
    customer's phone number)."""

    model: str
    club: str
    days: tuple = ()
    moments: tuple = ()
    every_month: bool = False
    why: str = ""
    also_clubs: tuple = ()
    every_month_when: tuple = ()
    page: bool = False
    listed_only: bool = False

    @property
    def club_paths(self):
        return (self.club, *self.also_clubs)


FEEDS = [
    # The floor (attendance.selectors.*).
    # The follow-up lists count a person's attendance under the club they work in now (``person__club_id``).
    Feed("attendance.Attendance", "club_id", ("date",), why="attendance, follow-up", also_clubs=("person__club_id",)),
    Feed("attendance.GroomingCheck", "person__club_id", ("date",), why="grooming"),
    Feed("attendance.GroomingFailure", "check_record__person__club_id", ("check_record__date",),
         why="grooming's most failed items"),
    Feed("attendance.HygieneCheck", "area__club_id", ("date",), why="hygiene"),
    Feed("attendance.HygieneFailure", "check_record__area__club_id", ("check_record__date",), why="hygiene items"),
    Feed("attendance.ServiceCheck", "club_id", ("date",), why="service quality"),
    Feed("attendance.ServiceCheckScore", "check_record__club_id", ("check_record__date",), why="quality scores"),
    Feed("attendance.CustomerFeedback", "club_id", ("date",), why="praise and complaints"),
    Feed("attendance.AttendanceTalk", "club_id", ("month",), why="talks held"),
    Feed("attendance.ConsumableIssue", "item__club_id", (), ("issued_at",), why="consumables issued, low stock"),
    Feed("attendance.StockReceipt", "item__club_id", ("received_on",), why="low stock at the month's end"),
    Feed("attendance.ConsumableItem", "club_id", every_month=True, why="stock and its warning level"),
    Feed("attendance.AttendancePolicy", "club_id", every_month=True, why="grace minutes, when a talk is due"),
    Feed("attendance.JobRun", "club_id", ("period",), why="days closed by the evening job"),
    # Duty checklists (duties.selectors.completion_by).
    Feed("duties.ChecklistItem", "checklist__club_id", ("checklist__period_start", "checklist__period_end"),
         why="checklist completion"),
    Feed("duties.Checklist", "club_id", ("period_start", "period_end"), why="checklist completion"),
    # People: hires and departures; a position by its history (selectors.with_position_at).
    # Every month: headcount counts who was employed over a span (a hire date moved from August to October
    # changes September too), and a person's name is shown in a month's lists.
    Feed("staff.Person", "club_id", every_month=True, why="headcount, names in the lists"),
    # Training (training.selectors.training_figures).
    Feed("training.TrainingPlan", "club_id", every_month=True, why="a session's topic, from its plan"),
    Feed("training.TrainingSession", "club_id", ("date",), why="sessions held"),
    Feed("training.SessionAttendance", "session__club_id", ("session__date",), why="training attendance"),
    Feed("training.Attempt", "assessment__club_id", ("finished_on",), why="assessments"),
    Feed("training.LevelAward", "club_id", ("granted_on",), why="levels gained"),
    Feed("training.Competition", "club_id", ("held_on",), why="competitions (empty club: every club)"),
    Feed("training.CompetitionEntry", "club_id", ("competition__held_on",), why="competition results"),
    Feed("training.JudgeScore", "entry__club_id", ("entry__competition__held_on",), why="competition results"),
    Feed("training.RewardPenalty", "club_id", ("date",), why="rewards and penalties"),
    # Meetings (meetings.selectors.meeting_figures): from the series' day, or its start when added by hand.
    Feed("meetings.Meeting", "club_id", ("occurrence",), ("starts_at",), why="meetings"),
    # Business figures (business.selectors.services_by_person): services beside the honour roll's names.
    Feed("business.TechnicianDay", "club_id", ("date",), why="services (鐘數, 點鐘) on the honour roll"),
    Feed("meetings.ActionItem", "series__club_id", ("meeting__occurrence", "due"), ("meeting__starts_at",),
         why="action items raised, overdue"),
    # The report page's marketing section (customers.navigation.report_section, customers.selectors.club_totals)
    # and the customers' actuals of plans' targets (customers.metrics). A customer's manager and level count in
    # the months of their contacts (active members, VIP visits).
    Feed("customers.Customer", "club_id", ("joined_on",), every_month_when=("manager_id", "level"),
         why="new members; active members and VIP visits by the customer's manager and level", page=True,
         listed_only=True),
    Feed("customers.Contact", "club_id", ("date", "next_due"), why="follow-ups, VIP visits, overdue steps",
         page=True),
    Feed("customers.Event", "club_id", ("date",), why="event attendance", page=True),
    # The till's figures of a club's day: the actuals of plans' business targets on the report page.
    Feed("business.ClubDay", "club_id", ("date",), why="business targets' actuals (revenue, customers served)",
         page=True),
]

# Tables a figure's queries read that are not records of a month, and why a change to them needs no rebuild.
REFERENCE = {
    "staff.club": "the clubs themselves (time zone, name): read, never counted",
    "staff.team": "a team's name beside a person in a list",
    "staff.historicalperson": "a person's position at the month's end: history is written once, never edited",
    "attendance.groomingitem": "an item's name, translated when shown",
    "attendance.hygieneitem": "an item's name, translated when shown",
    "attendance.area": "the club of a hygiene check (an area never changes club)",
    "attendance.qualitycriterion": "a criterion's name",
    "training.assessment": "an assessment's topic and club (its attempts are the records)",
    "meetings.meetingseries": "the club of an action item (a series never changes club)",
    "training.competitionround": "a competition's rounds (its scores are the records)",
    "training.competitioncriterion": "a competition's criteria (its scores are the records)",
    "training.competitionjudge": "a competition's judges (their scores are the records)",
    "staff.department": "a department's kind",
}


_by_model = {}
_connected = []


def add(*more):
    """Register the feeds of an app above reports, which ``FEEDS`` may not name (plans: its targets on the report
    page). Called from the app's ``ready()``; receivers are installed at once if ``connect()`` has run."""
    FEEDS.extend(more)
    _by_model.clear()
    if _connected:
        for feed in more:
            _connect_model(apps.get_model(feed.model))


def feeds():
    """{model class: Feed} (worked out once)."""
    if not _by_model:
        _by_model.update({apps.get_model(f.model): f for f in FEEDS})
    return _by_model


def labels():
    return {f.model.lower() for f in FEEDS}


def _zones():
    from staff.models import Club

    return {pk: zoneinfo.ZoneInfo(tz) for pk, tz in Club.objects.values_list("pk", "time_zone")}


def _follow(obj, path):
    for name in path.split("__"):
        if obj is None:
            return None
        obj = getattr(obj, name)
    return obj


def keys_of(model, pks, objs=()):
    """{(club id, month)} of the rows ``pks`` of ``model`` as they are in the database now (one or two
    queries), and of the unsaved-key rows ``objs`` as they are in memory."""
    feed = feeds().get(model)
    if feed is None or not (pks or objs):
        return set()
    extra = len(feed.also_clubs)
    paths = [*feed.club_paths, *feed.days, *feed.moments]
    rows = list(model._base_manager.filter(pk__in=list(pks)).values_list(*paths)) if pks else []
    rows += [tuple(_follow(obj, path) for path in paths) for obj in objs]
    if not rows:
        return set()
    zones = None
    clubs = None
    found = set()
    for row in rows:
        club_id, values = row[0], row[1 + extra:]
        if club_id is None:  # a chain-wide row: every club
            if clubs is None:
                zones = zones or _zones()
                clubs = list(zones)
            owners = clubs
        else:
            owners = [club_id, *(c for c in row[1:1 + extra] if c is not None and c != club_id)]
        if feed.every_month:
            found |= {(c, None) for c in owners}
            continue
        for i, value in enumerate(values):
            if value is None:
                continue
            for c in owners:
                if isinstance(value, str):  # a row in memory, given a date as text
                    value = datetime.datetime.fromisoformat(value) if "T" in value else datetime.date.fromisoformat(value)
                if i < len(feed.days):
                    day = value.date() if isinstance(value, datetime.datetime) else value
                else:
                    zones = zones or _zones()
                    day = value.astimezone(zones.get(c, timezone.get_current_timezone())).date()
                found.add((c, month_start(day)))
    return found


def _stale_marks(connection):
    """{key: marker} of the keys written in ``connection``'s transaction, with the set of markers alive."""
    memo = getattr(connection, "_clubops_stale_marks", None)
    if memo is None:
        memo = connection._clubops_stale_marks = {}
    if not memo:
        return memo, set()
    alive = {id(func) for _sids, func, _robust in connection.run_on_commit}
    if not any(id(marker) in alive for marker in memo.values()):
        memo.clear()
        return memo, set()
    return memo, alive


class _Written:
    """A do-nothing commit hook standing for one write of marks: while Django still holds it in
    ``run_on_commit``, that write is part of the open transaction (a rolled-back savepoint drops it,
    a commit or a rollback clears them all)."""

    def __call__(self):
        pass


def forget_marks(**kwargs):
    """Marks must be written again (a ``StaleMonth`` deleted, a snapshot built in this transaction)."""
    from .models import StaleMonth

    connection = connections[router.db_for_write(StaleMonth)]
    memo = getattr(connection, "_clubops_stale_marks", None)
    if memo:
        memo.clear()


def mark(keys, at=None, *, page=False):
    """Note that these (club id, month) changed now; (club id, None) marks every snapshot month of the club.
    ``page``: as ``SectionMark`` (a section of the report page changed), else as ``StaleMonth``.

    Written at once, in the caller's transaction; a key already written in the same open transaction (and
    not undone by a rolled-back savepoint) is not written again, so a save of 30 rows of one month
    writes one mark, not 30."""
    from .models import MonthlySnapshot, SectionMark, StaleMonth

    if not keys:
        return
    model = SectionMark if page else StaleMonth
    keys = set(keys)
    connection = connections[router.db_for_write(model)]
    in_transaction = connection.in_atomic_block
    if in_transaction:
        memo, alive = _stale_marks(connection)
        keys = {k for k in keys if id(memo.get((page, *k))) not in alive}
        if not keys:
            return
    done = set(keys)
    at = at or timezone.now()
    whole = {c for c, m in keys if m is None}
    if whole:
        keys |= set(MonthlySnapshot.objects.filter(club_id__in=whole).values_list("club_id", "month"))
    rows = sorted(k for k in keys if k[1] is not None)
    if rows and page:
        _count_section_marks(connection, rows, at)
    elif rows:
        StaleMonth.objects.bulk_create([StaleMonth(club_id=c, month=m, changed_at=at) for c, m in rows],
                                       update_conflicts=True, unique_fields=["club", "month"],
                                       update_fields=["changed_at"])
    if in_transaction:
        marker = _Written()
        transaction.on_commit(marker, using=connection.alias)
        memo.update(dict.fromkeys(((page, *k) for k in done | keys), marker))


def _count_section_marks(connection, rows, at):
    """Write ``SectionMark`` (club id, month) ``rows`` as changed ``at``, each counting one more change: an
    upsert that adds to the count, which ``bulk_create`` cannot (PostgreSQL and SQLite alike)."""
    from .models import SectionMark

    quote = connection.ops.quote_name
    table = quote(SectionMark._meta.db_table)
    columns = ", ".join(quote(name) for name in ("club_id", "month", "changed_at", "changes"))
    at = connection.ops.adapt_datetimefield_value(at)
    params = [value for club_id, month in rows for value in (club_id, connection.ops.adapt_datefield_value(month), at)]
    changed_at, changes = quote("changed_at"), quote("changes")
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({columns}) VALUES {', '.join(['(%s, %s, %s, 1)'] * len(rows))} "
            f"ON CONFLICT ({quote('club_id')}, {quote('month')}) DO UPDATE SET "
            f"{changed_at} = EXCLUDED.{changed_at}, {changes} = {table}.{changes} + 1",
            params)


# --- Which months a saved row concerns, from the row in memory where it can -----------------------------

_UNKNOWN = object()


def _local_attnames(model):
    """The row's own columns that its feed's paths start from (and its key): a save that changes none of
    them leaves the row in the months it was in."""
    cached = _attnames.get(model)
    if cached is None:
        feed = feeds()[model]
        names = [model._meta.pk.attname]
        for path in (*feed.club_paths, *feed.days, *feed.moments, *feed.every_month_when):
            field = model._meta.get_field(path.split("__")[0])
            if field.attname not in names:
                names.append(field.attname)
        cached = _attnames[model] = tuple(names)
    return cached


_attnames = {}


def _local_values(instance):
    """Those columns' values in memory (``_UNKNOWN`` for a deferred one). Runs for every row loaded of a
    registered model (``post_init``), so the usual case is one ``itemgetter`` call."""
    getter = _getters.get(type(instance))
    if getter is None:
        getter = _getters[type(instance)] = operator.itemgetter(*_local_attnames(type(instance)))
    values = instance.__dict__
    try:
        return getter(values)
    except KeyError:  # a deferred column
        return tuple(values.get(name, _UNKNOWN) for name in _local_attnames(type(instance)))


_getters = {}


def _follow_loaded(obj, path):
    """``_follow`` without a query: ``_UNKNOWN`` when a step would load a related row."""
    names = path.split("__")
    for i, name in enumerate(names):
        if obj is None:
            return None
        if i < len(names) - 1:
            field = obj._meta.get_field(name)
            if field.is_relation and not field.is_cached(obj):
                if getattr(obj, field.attname, None) is None:
                    return None
                return _UNKNOWN
        elif name not in obj.__dict__ and obj._meta.get_field(name).attname not in obj.__dict__:
            return _UNKNOWN  # deferred
        obj = getattr(obj, name)
    return obj


def _keys_now(model, instance):
    """``keys_of(model, [instance.pk])`` from the row in memory when every path is loaded; else read."""
    feed = feeds()[model]
    paths = [*feed.club_paths, *feed.days, *feed.moments]
    if any(_follow_loaded(instance, path) is _UNKNOWN for path in paths):
        return keys_of(model, [instance.pk])
    return keys_of(model, [], [instance])


def _remember(instance):
    instance._report_original = _local_values(instance)


def _before_save(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None or instance._state.adding:
        instance._report_keys_before = set()
        return
    original = getattr(instance, "_report_original", None) if instance._state.db is not None else None
    if original is not None and original == _local_values(instance):
        # Loaded from the database and none of the columns that place it changed: the months it
        # was in are the months it is in after the save (``_after_save`` marks them, unless no other
        # column counts: ``listed_only``).
        instance._report_keys_before = None if feeds()[sender].listed_only else set()
        return
    instance._report_keys_before = keys_of(sender, [instance.pk])
    if _every_month_changed(sender, instance, original):
        instance._report_keys_before.add(_EVERY_MONTH)


_EVERY_MONTH = ("every month", None)  # among the keys before a save: its clubs' every month, before and after


def _every_month_changed(model, instance, original):
    """Whether a column of the feed's ``every_month_when`` changed since the row was loaded (not known: yes)."""
    watched = feeds()[model].every_month_when
    if not watched:
        return False
    if original is None:
        return True
    names = _local_attnames(model)
    now = _local_values(instance)
    places = [names.index(model._meta.get_field(column).attname) for column in watched]
    return any(original[i] != now[i] for i in places)


def _after_save(sender, instance, raw=False, **kwargs):
    if raw:
        return
    before = getattr(instance, "_report_keys_before", set())
    if before is None:  # nothing that counts changed (``listed_only``)
        instance._report_keys_before = set()
        return
    keys = before | _keys_now(sender, instance)
    if _EVERY_MONTH in keys:
        keys.discard(_EVERY_MONTH)
        keys |= {(club, None) for club, _month in keys}
    mark(keys, page=feeds()[sender].page)
    instance._report_keys_before = set()
    _remember(instance)


def _loaded(sender, instance, **kwargs):
    instance._report_original = _local_values(instance)


def _before_delete(sender, instance, **kwargs):
    mark(keys_of(sender, [instance.pk]), page=feeds()[sender].page)


def _rows_written(sender, pks, phase, memo, objs=(), **kwargs):
    feed = feeds().get(sender)
    if feed is None:
        return
    if phase == "before":
        memo["report_keys"] = keys_of(sender, pks, objs)
    else:
        keys = memo.pop("report_keys", set()) | keys_of(sender, pks, objs)
        if feed.every_month_when:  # which columns a bulk write changed is not known: every month
            keys |= {(key[0], None) for key in keys}
        mark(keys, page=feed.page)


def _connect_model(model):
    uid = f"reports.feeds.{model._meta.label_lower}"
    pre_save.connect(_before_save, sender=model, dispatch_uid=uid + ".pre_save", weak=False)
    post_save.connect(_after_save, sender=model, dispatch_uid=uid + ".post_save", weak=False)
    pre_delete.connect(_before_delete, sender=model, dispatch_uid=uid + ".pre_delete", weak=False)
    post_init.connect(_loaded, sender=model, dispatch_uid=uid + ".post_init", weak=False)


def connect():
    """Install the receivers for every registered model (``ReportsConfig.ready``)."""
    for model in feeds():
        _connect_model(model)
    _connected.append(True)
    bulk.rows_written.connect(_rows_written, dispatch_uid="reports.feeds.rows_written", weak=False)
    from .models import SectionMark, StaleMonth

    pre_delete.connect(forget_marks, sender=StaleMonth, dispatch_uid="reports.feeds.forget_marks", weak=False)
    pre_delete.connect(forget_marks, sender=SectionMark, dispatch_uid="reports.feeds.forget_section_marks",
                       weak=False)
