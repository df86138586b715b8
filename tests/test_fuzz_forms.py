"""Bad input at scale: the main forms take anything a browser (or an attacker) can send.

Every property posts through the test client as the person who uses the form, and checks:

* the answer is a form error (200, the form shown again with what was typed), a success
  (a redirect back into ClubOps), or a 4xx for a malformed address — never a 500 (the test
  client raises the view's exception, so a crash fails the property with its traceback);
* a refused save changes no row; a save changes only the rows of the people on that form;
  another club's rows never change.

Each example runs inside a savepoint that is rolled back, so examples do not see each
other's data. Runs are reproducible in CI (``CI`` set: the ``ci`` profile, derandomized, no
example database); elsewhere failing examples are kept under ``var/hypothesis``.
"""

import contextlib
import datetime
import html
import os
import re
import types
from urllib.parse import urlencode, urlsplit

import pytest
from django.conf import settings as django_settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from hypothesis import HealthCheck, Phase, event, example, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir
from hypothesis.database import DirectoryBasedExampleDatabase

from attendance.models import Attendance, GroomingCheck, GroomingFailure, GroomingItem, RosterEntry, ShiftTemplate
from kernel.dates import FIRST_DAY
from staff.models import Gender, Person
from tests.factories import PersonFactory

HYPOTHESIS_DIR = django_settings.VAR_DIR / "hypothesis"  # Hypothesis' caches and examples, not the repo's root
set_hypothesis_home_dir(HYPOTHESIS_DIR)
settings.register_profile(
    "clubops",
    deadline=None,
    max_examples=40,
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],  # no slow "explain"
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    database=DirectoryBasedExampleDatabase(str(HYPOTHESIS_DIR / "examples")),
)
settings.register_profile("ci", parent=settings.get_profile("clubops"), derandomize=True, database=None)
settings.load_profile("ci" if os.environ.get("CI") else "clubops")


# --- What people type -------------------------------------------------------------------------------------

NASTY = [
    "",
    " ",
    "\t\n\r",
    "\x00",
    "note\x00with a NUL",
    "'; DROP TABLE attendance_attendance; --",
    "' OR '1'='1",
    "1; SELECT pg_sleep(5)",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ request.user }} {% debug %}",
    "%(count)s %s {0}",
    "\u202eevil\u202c 右到左",
    "שלום עולם مرحبا",
    "👩‍🔧💆‍♀️🧖🏽",
    "技師遲到 技师迟到",
    "a" * 200,
    "a" * 201,
    "長" * 5000,
    "\ufeffBOM",
    "\u200b\u200d",
    "-1",
    "9" * 40,
    "１２３",
    "null",
    "None",
]

# Anything a browser can send in a text field: every code point except lone surrogates
# (a browser cannot encode those), plus the nasty classics above.
any_text = st.one_of(
    st.sampled_from(NASTY),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=300),
    st.text(st.characters(blacklist_categories=("Cs",)), min_size=190, max_size=220),
)
# What a valid note may be: no NUL, not too long, and something besides spaces.
fine_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1,
                    max_size=120).filter(lambda s: s.strip())
odd_times = st.sampled_from(
    ["", "24:00", "25:61", "10:60", "9", "10", "1000", "10.30", "10:30:99", "-1:00", "10:30 PM", "十点", "١٠:٣٠",
     "00:00", "23:59", "23:59:59.999999", "10:00:00", "0:0", "\x00", "9999-12-31T10:00"]
)
valid_time = st.builds(datetime.time, st.integers(0, 23), st.integers(0, 59)).map(lambda t: t.strftime("%H:%M"))
any_time = st.one_of(valid_time, odd_times, any_text)
odd_ids = st.sampled_from(["0", "-1", "1.5", "abc", "", "²", "１", "99999999999999999999", "1e3", " 1", "\x00"])


def maybe(strategy):
    """A field sent (a value, or sometimes the same name twice) or left out of the POST (None)."""
    return st.one_of(st.none(), strategy, st.lists(strategy, min_size=2, max_size=3))


def post_data(fields):
    """The POST body, without the fields left out."""
    return {name: value for name, value in fields.items() if value is not None}


def last(value):
    """What a form reads from a field sent more than once: the last value."""
    return value[-1] if isinstance(value, list) else value


# --- Checking what happened ------------------------------------------------------------------------------


@contextlib.contextmanager
def rolled_back():
    """One example's changes, undone afterwards (a savepoint inside the test's transaction)."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def rows_of(*querysets):
    """Every row of ``querysets`` (models or querysets), by model and primary key, as plain values."""
    found = {}
    for qs in querysets:
        qs = qs._default_manager.all() if isinstance(qs, type) else qs
        for row in qs.values():
            found[(qs.model.__name__, row[qs.model._meta.pk.attname])] = row
    return found


def history_of(*models):
    """How many history entries each model has (a refused save adds none)."""
    return {model.__name__: model.history.count() for model in models}


def input_value(response, name, form=None):
    """The value an ``<input name=...>`` or ``<textarea name=...>`` shows (in the ``<form action=form>``)."""
    content = response.content.decode()
    if form is not None:
        block = re.search(rf'<form\b[^>]*\baction="{re.escape(form)}"[^>]*>(.*?)</form>', content, re.S)
        assert block is not None, f"no form posting to {form} on the page"
        content = block.group(1)
    tag = re.search(rf'<input\b[^>]*\bname="{re.escape(name)}"[^>]*>', content)
    if tag is None:
        area = re.search(rf'<textarea\b[^>]*\bname="{re.escape(name)}"[^>]*>\r?\n?(.*?)</textarea>', content, re.S)
        return html.unescape(area.group(1)) if area else None
    value = re.search(r'\bvalue="([^"]*)"', tag.group(0))
    return html.unescape(value.group(1)) if value else ""


def answered_sanely(response, *, may_refuse=False):
    """A form error, a redirect inside ClubOps, or (``may_refuse``) a 4xx; never a 5xx."""
    assert response.status_code < 500
    event(f"answered {response.status_code}")
    if response.status_code in (301, 302, 303):
        location = response["Location"]
        assert not urlsplit(location).netloc and url_has_allowed_host_and_scheme(location, {"testserver"}), (
            f"a redirect out of ClubOps: {location!r}")
        return "saved"
    if response.status_code == 200:
        return "shown"
    assert may_refuse and 400 <= response.status_code < 500, response.status_code
    return "refused"


def kept(response, typed, form=None):
    """Each text field typed is shown again exactly as typed (the last value of a repeated field)."""
    for name, value in typed.items():
        if value is None:
            continue
        shown = input_value(response, name, form)
        assert shown == last(value), f"{name}: typed {last(value)!r}, shown {shown!r}"


@pytest.fixture(autouse=True)
def readable_world(world):
    """``world`` with its objects read back, so that a failing example's report can print them."""
    for name in ("shift_1", "shift_2", "holiday_1", "holiday_2", "checklist_a", "item_a"):
        getattr(world, name).refresh_from_db()
    return world


# --- The supervisor's team screen --------------------------------------------------------------------------

TEAM_URL = reverse("attendance:team_day")
TEAM_SIZE = 10


@pytest.fixture
def floor(world):
    """Team A grown to ten technicians (men and women, day and night shifts, some already recorded
    today); team B and club 2 recorded today too, so that a save that touched them would show."""
    club = world.club1
    today = timezone.localdate(timezone=club.zone)
    for n in range(TEAM_SIZE - 2):
        PersonFactory(name=f"Team A extra {n}", club=club, department=world.technician.department,
                      team=world.team_a, gender=Gender.MALE if n % 2 else Gender.FEMALE)
    night = ShiftTemplate.objects.create(club=club, name="Night", start="18:00", end="02:00")
    people = list(world.team_a.members.active().order_by("name"))
    assert len(people) == TEAM_SIZE
    for n, person in enumerate(people):
        shift = {3: night, 5: None}.get(n, world.shift_1)  # one on nights, one off today
        RosterEntry.objects.create(person=person, date=today, shift=shift)
    for person in people[:3] + [world.technician_b, world.technician_2]:
        Attendance.objects.create(person=person, club=person.club, date=today, status="present",
                                  note=f"before {person.name}", recorded_by=world.supervisor_a)
    for club_ in (world.club1, world.club2):
        GroomingItem.ensure_defaults(club_)
    items = list(GroomingItem.objects.filter(club=club, is_active=True))
    return {"today": today, "people": people, "items": items}


PRESENCE = ["worked", "absent", "leave", "day_off"]
LEAVE_TYPES = ["sick", "personal", "annual", "other"]
OVERRIDES = ["present", "late", "left_early", "late_left_early", "absent", "leave", "day_off"]


@st.composite
def valid_row(draw, items):
    """A row a careful supervisor fills in: whatever its text, the form accepts it."""
    presence = draw(st.sampled_from(PRESENCE))
    row = {"presence": presence, "note": draw(st.one_of(st.just(""), fine_text.filter(lambda s: len(s) <= 200)))}
    if presence == "worked":
        row["arrived"] = draw(st.one_of(st.just(""), st.builds("{:02d}:{:02d}".format, st.integers(9, 12),
                                                               st.integers(0, 59))))
        row["left"] = draw(st.one_of(st.just(""), st.builds("{:02d}:{:02d}".format, st.integers(13, 23),
                                                            st.integers(0, 59))))
        failed = draw(st.sets(st.sampled_from([item.pk for item in items])))
        row["items"] = [pk for pk in (item.pk for item in items) if pk not in failed]
        row["grooming_note"] = draw(fine_text) if failed else ""
    else:
        row["items"] = [item.pk for item in items]
    if presence == "leave":
        row["leave_type"] = draw(st.sampled_from(LEAVE_TYPES))
    if draw(st.booleans()):
        row["override_status"] = draw(st.sampled_from(OVERRIDES))
        row["override_reason"] = draw(fine_text)
    return row


@st.composite
def any_row(draw, items):
    """A row as anyone could post it: junk in every field, fields missing or repeated."""
    return {
        "presence": draw(maybe(st.one_of(st.sampled_from(PRESENCE + ["not_recorded", "WORKED", "late"]), any_text))),
        "arrived": draw(maybe(any_time)),
        "left": draw(maybe(any_time)),
        "leave_type": draw(maybe(st.one_of(st.sampled_from(LEAVE_TYPES), any_text))),
        "override_status": draw(maybe(st.one_of(st.sampled_from(OVERRIDES + ["not_recorded"]), any_text))),
        "override_reason": draw(maybe(any_text)),
        "grooming_note": draw(maybe(any_text)),
        "note": draw(maybe(any_text)),
        "items": draw(st.lists(st.one_of(st.sampled_from([item.pk for item in items]), st.integers(-5, 10**6)),
                               max_size=8)),
        "item_value": draw(st.sampled_from(["on", "off", "", "0", "false", "\x00"])),
    }


def team_post(people, rows):
    data = {}
    for person, row in zip(people, rows):
        fields = {name: value for name, value in row.items() if name not in ("items", "item_value")}
        data.update(post_data({f"p{person.pk}-{name}": value for name, value in fields.items()}))
        for pk in row.get("items", []):
            data[f"p{person.pk}-item_{pk}"] = row.get("item_value", "on")
    return data


def floor_rows(*, beside=None):
    """The floor's records; with ``beside``, only those of everyone else."""
    people = beside or []
    return rows_of(
        Attendance.objects.exclude(person_id__in=people),
        GroomingCheck.objects.exclude(person_id__in=people),
        GroomingFailure.objects.exclude(check_record__person_id__in=people),
    )


@settings(max_examples=40)
# In the evening: the careful supervisor's times have all passed, and the day does not turn mid-test.
@pytest.mark.clock("2026-11-20T22:00:00+08:00")
@given(data=st.data())
def test_team_screen_takes_any_input_and_saves_only_its_own_people(world, floor, client, data):
    people, items, today = floor["people"], floor["items"], floor["today"]
    careful = data.draw(st.booleans(), label="careful supervisor")
    rows = [data.draw(valid_row(items) if careful else st.one_of(valid_row(items), any_row(items)), label=p.name)
            for p in people]
    body = team_post(people, rows)
    if data.draw(st.booleans(), label="junk keys"):
        body.update(data.draw(st.dictionaries(st.text(max_size=20).filter(lambda k: k not in body), any_text,
                                              max_size=4), label="junk"))
    # A careful supervisor records yesterday (a night shift's leaving time then lies in the past too);
    # anyone else may post for today or yesterday.
    days = [today - datetime.timedelta(days=1)] if careful else [None, today, today - datetime.timedelta(days=1)]
    day = data.draw(st.sampled_from(days), label="date")
    query = {"team": world.team_a.pk} | ({"date": day.isoformat()} if day else {})
    client.force_login(world.supervisor_a.user)
    on_screen = [p.pk for p in people]
    with rolled_back():
        before, others, history = floor_rows(), floor_rows(beside=on_screen), history_of(Attendance)
        response = client.post(f"{TEAM_URL}?{urlencode(query)}", body)
        outcome = answered_sanely(response)
        if careful:
            assert outcome == "saved", "a correctly filled screen is saved, whatever its text"
        if outcome == "saved":
            assert floor_rows(beside=on_screen) == others, "a save touched someone not on the screen"
            saved = {a.person_id: a for a in Attendance.objects.filter(date=day or today)}
            for person, row in zip(people, rows):
                record = saved[person.pk]
                assert record.note == (last(row.get("note")) or "").strip()
                presence, override = last(row.get("presence")), last(row.get("override_status"))
                if override:
                    assert (record.status, record.overridden) == (override, True)
                elif presence == "worked":
                    assert record.status in ("present", "late", "left_early", "late_left_early")
                else:
                    assert record.status == presence
        else:
            assert floor_rows() == before, "a refused save changed the floor's records"
            assert history_of(Attendance) == history
            kept(response, {f"p{p.pk}-{name}": row.get(name) for p, row in zip(people, rows)
                            for name in ("note", "grooming_note", "override_reason", "arrived", "left")})


@settings(max_examples=30)
@given(date=st.one_of(st.dates().map(datetime.date.isoformat), st.sampled_from(
    ["0000-01-01", "0001-01-01", "9999-12-31", "-0001-01-01", "2026-02-30", "2026-13-01", "20261128", "2026-W48-6",
     "2026-11-28T10:00", "\x00", "２０２６-１１-２８"]), any_text),
    team=st.one_of(st.none(), odd_ids, st.integers(-10, 10**6).map(str)))
@example(date="0001-01-01", team=None)
@example(date="9999-12-31", team=None)
def test_team_screen_opens_on_any_date_and_team_asked_for(world, floor, client, date, team):
    client.force_login(world.supervisor_a.user)
    query = {"date": date} | ({"team": team} if team is not None else {})
    with rolled_back():
        before = floor_rows()
        answered_sanely(client.get(TEAM_URL, query), may_refuse=True)
        assert floor_rows() == before, "opening the team screen changed records"


# --- The person form --------------------------------------------------------------------------------------


def person_rows(**filters):
    from django.contrib.auth import get_user_model

    return rows_of(Person.objects.filter(**filters), get_user_model().objects.all())


@st.composite
def careful_person(draw, world):
    """What a careful store manager fills in for a technician of team A."""
    return {
        "name": draw(fine_text.filter(lambda s: len(s) <= 60)),
        "gender": draw(st.sampled_from(["male", "female"])),
        "phone": draw(st.one_of(st.just(""), st.from_regex(r"\A1[3-9][0-9]{9}\Z"))),
        "hire_date": draw(st.dates(FIRST_DAY, timezone.localdate())).isoformat(),  # kernel.dates' bounds
        "club": str(world.club1.pk),
        "department": str(world.technician.department_id),
        "position": "technician",
        "reports_to": draw(st.sampled_from(["", str(world.supervisor_a.pk)])),
        "team": draw(st.sampled_from(["", str(world.team_a.pk), str(world.team_b.pk)])),
        "level": draw(st.sampled_from(["", "junior", "intermediate", "senior"])),
    }


@st.composite
def any_person(draw, world):
    people = [world.supervisor_a, world.technician, world.store_manager_2, world.supervisor_2, world.owner,
              world.left, world.technician_a2]
    ids = st.one_of(odd_ids, st.sampled_from([str(x.pk) for x in people]),
                    st.sampled_from([str(world.club1.pk), str(world.club2.pk), str(world.team_2.pk)]))
    return {
        "name": draw(maybe(any_text)),
        "gender": draw(maybe(st.one_of(st.sampled_from(["male", "female", "other", "MALE"]), any_text))),
        "phone": draw(maybe(st.one_of(st.just(world.technician.phone or "13800000000"), any_text))),
        "hire_date": draw(maybe(st.one_of(st.dates().map(datetime.date.isoformat), odd_times, any_text,
                                          st.sampled_from(["2026-02-30", "0000-01-01", "0001-01-01", "31/12/2020",
                                                           "12/31/2020", "1899-12-31", "1900-01-01"])))),
        "club": draw(maybe(ids)),
        "department": draw(maybe(ids)),
        "position": draw(maybe(st.one_of(st.sampled_from(["technician", "owner", "supervisor", "store_manager"]),
                                         any_text))),
        "reports_to": draw(maybe(ids)),
        "team": draw(maybe(ids)),
        "level": draw(maybe(st.one_of(st.sampled_from(["junior", "senior", "grandmaster"]), any_text))),
    }


@settings(max_examples=40)
@given(data=st.data())
def test_person_form_takes_any_input_and_changes_only_that_person(world, client, data):
    adding = data.draw(st.booleans(), label="adding")
    careful = data.draw(st.booleans(), label="careful manager")
    fields = data.draw(careful_person(world) if careful else any_person(world), label="fields")
    if careful and world.technician.phone and fields["phone"] == world.technician.phone:
        fields["phone"] = ""
    target = None if adding else world.technician_a2
    url = reverse("staff:person_add") if adding else reverse("staff:person_edit", args=[target.pk])
    client.force_login(world.store_manager.user)
    with rolled_back():
        before, club2, history = person_rows(), person_rows(club=world.club2), history_of(Person)
        response = client.post(url, post_data(fields))
        outcome = answered_sanely(response)
        if careful:
            assert outcome == "saved", "a correctly filled person form is saved, whatever the name"
        if outcome == "saved":
            assert person_rows(club=world.club2) == club2, "a store manager's save changed another club"
            after = person_rows()
            changed = {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}
            if adding:
                (key,) = changed
                person = Person.objects.get(pk=key[1])
            else:
                assert changed <= {("Person", target.pk)}, f"the edit of one person changed {changed}"
                person = Person.objects.get(pk=target.pk)
            assert person.club_id == world.club1.pk
            assert 1900 <= person.hire_date.year, "a mistyped year would send the reports back to year 1"
            assert person.name == " ".join(last(fields["name"]).split())
        else:
            assert person_rows() == before, "a refused person form changed people"
            assert history_of(Person) == history
            kept(response, {name: fields.get(name) for name in ("name", "phone", "hire_date")})


# --- A checklist item: tick and note ----------------------------------------------------------------------


@pytest.fixture
def items(world):
    """Besides supervisor A's item of ``world``: supervisor B's item, and club 2's supervisor's."""
    from duties.models import Checklist, ChecklistItem

    for person, club, duty in ((world.supervisor_b, world.club1, world.duty_1),
                               (world.supervisor_2, world.club2, world.duty_2)):
        checklist = Checklist.objects.create(person=person, club=club, cadence="daily", period_start="2026-11-16",
                                             period_end="2026-11-16")
        ChecklistItem.objects.create(checklist=checklist, duty=duty, duty_version=duty.current, note="keep me")
    return ChecklistItem


@settings(max_examples=40)
@given(state=maybe(st.one_of(st.sampled_from(["done", "not_done", "not_applicable", "open", "DONE"]), any_text)),
       note=maybe(any_text),
       next_url=maybe(st.one_of(st.sampled_from(
           ["/", "/duties/", "//evil.example/", "/\\evil.example", "https://evil.example/", "javascript:alert(1)",
            "/duties/?a=1#b", "/\x00", "///evil.example", "/%2F%2Fevil.example", "\\\\evil.example", " /duties/"]),
           any_text)))
@example(state="done", note="", next_url="//evil.example/")
def test_checklist_item_tick_takes_any_input_and_changes_only_that_item(world, items, client, state, note, next_url):
    item = world.item_a
    client.force_login(world.supervisor_a.user)
    with rolled_back():
        others = rows_of(items.objects.exclude(pk=item.pk))
        before = rows_of(items.objects.filter(pk=item.pk))
        response = client.post(reverse("duties:item_tick", args=[item.pk]),
                               post_data({"state": state, "note": note, "next": next_url}))
        assert answered_sanely(response) == "saved", "ticking answers with a redirect, with a message on errors"
        assert rows_of(items.objects.exclude(pk=item.pk)) == others, "ticking one item changed another"
        item.refresh_from_db()
        if rows_of(items.objects.filter(pk=item.pk)) != before:
            assert (item.state, item.note) == (last(state), last(note or "").strip())


# --- A training session's attendance ----------------------------------------------------------------------


@pytest.fixture
def sessions(world):
    """A held session of club 1 for three technicians, and club 2's session with its attendance taken."""
    from training.tests import factories as f

    held = f.session(f.plan(world.club1, world.tech_manager), world.tech_manager,
                     [world.technician, world.technician_a2, world.technician_b])
    other = f.session(f.plan(world.club2, world.store_manager_2), world.store_manager_2, [world.technician_2])
    other.attendance.update(status="present", note="club two")
    return held, other


def training_rows(session=None, *, beside=None):
    from training.models import SessionAttendance, TrainingSession

    sessions_ = TrainingSession.objects.all()
    attendance = SessionAttendance.objects.all()
    if session is not None:
        sessions_, attendance = sessions_.filter(pk=session.pk), attendance.filter(session=session)
    if beside is not None:
        sessions_, attendance = sessions_.exclude(pk=beside.pk), attendance.exclude(session=beside)
    return rows_of(sessions_, attendance)


STATUSES = ["present", "late", "absent"]


@settings(max_examples=40)
@given(data=st.data())
def test_session_attendance_takes_any_input_and_changes_only_that_session(world, sessions, client, data):
    held, other = sessions
    lines = list(held.attendance.order_by("pk"))
    careful = data.draw(st.booleans(), label="careful trainer")
    marks = {}
    for line in lines:
        if careful:
            marks[line.pk] = {"status": data.draw(st.sampled_from(STATUSES)),
                              "note": data.draw(st.one_of(st.just(""), fine_text.filter(lambda s: len(s) <= 200)))}
        else:
            marks[line.pk] = {"status": data.draw(maybe(st.one_of(st.sampled_from(STATUSES + ["expected"]), any_text))),
                              "note": data.draw(maybe(any_text))}
    body = {f"a{pk}-{name}": value for pk, fields in marks.items() for name, value in fields.items()}
    if data.draw(st.booleans(), label="another session's line"):
        body[f"a{other.attendance.get().pk}-status"] = "absent"
    client.force_login(world.tech_manager.user)
    with rolled_back():
        before, elsewhere = training_rows(), training_rows(beside=held)
        response = client.post(reverse("training:session_detail", args=[held.pk]), post_data(body))
        outcome = answered_sanely(response)
        if careful:
            assert outcome == "saved", "a correctly filled attendance is saved, whatever its notes"
        assert training_rows(beside=held) == elsewhere, "taking one session's attendance changed another session"
        if outcome == "saved":
            for line in lines:
                line.refresh_from_db()
                assert (line.status, line.note) == (last(marks[line.pk]["status"]),
                                                    (last(marks[line.pk]["note"]) or "").strip())
        else:
            assert training_rows() == before, "a refused attendance changed records"
            kept(response, {f"a{pk}-note": fields["note"] for pk, fields in marks.items()})


# --- A quiz answer submission -----------------------------------------------------------------------------


@pytest.fixture
def attempts(world):
    """Tech A1's open quiz with one question of each kind, and club 2's open attempt."""
    from training import assessments
    from training.tests import factories as f

    club = world.club1
    f.question(club, "single", "Where is the kidney reflex?", choices=[("Sole", True), ("Heel", False)])
    f.question(club, "multiple", "Which are massage techniques?", points=2,
               choices=[("Press", True), ("Knead", True), ("Jump", False)])
    f.question(club, "true_false", "Harder is always better.", answer_true=False)
    f.question(club, "short", "Describe the foot massage sequence.", points=2)
    mine = assessments.quiz_start(assessment=f.quiz(f.plan(club, world.tech_manager), question_count=10),
                                  person=world.technician, by=world.technician)
    f.question(world.club2, "short", "Club two's question")
    theirs = assessments.quiz_start(assessment=f.quiz(f.plan(world.club2, world.store_manager_2)),
                                    person=world.technician_2, by=world.technician_2)
    return mine, theirs


def quiz_rows(attempt=None, *, beside=None):
    from training.models import Attempt, AttemptAnswer

    found, answers = Attempt.objects.all(), AttemptAnswer.objects.all()
    if beside is not None:
        found, answers = found.exclude(pk=beside.pk), answers.exclude(attempt=beside)
    return rows_of(found, answers)


@settings(max_examples=40)
@given(data=st.data())
def test_quiz_answers_take_any_input_and_change_only_that_attempt(world, attempts, client, data):
    mine, theirs = attempts
    rows = list(mine.answers.select_related("question").prefetch_related("question__choices"))
    careful = data.draw(st.booleans(), label="careful technician")
    body = {}
    for row in rows:
        kind, choices = row.question.kind, [str(c.pk) for c in row.question.choices.all()]
        if kind == "single":
            valid = st.one_of(st.none(), st.sampled_from(choices))
        elif kind == "multiple":
            valid = st.lists(st.sampled_from(choices), unique=True)
        elif kind == "true_false":
            valid = st.one_of(st.none(), st.sampled_from(["true", "false"]))
        else:
            valid = st.one_of(st.just(""), fine_text)
        junk = maybe(st.one_of(odd_ids, any_text, st.just(str(theirs.answers.first().pk))))
        body[f"q{row.pk}"] = data.draw(valid if careful else st.one_of(valid, junk), label=kind)
    if data.draw(st.booleans(), label="club 2's answer too"):
        body[f"q{theirs.answers.first().pk}"] = "answered from club 1"
    client.force_login(world.technician.user)
    with rolled_back():
        before, elsewhere = quiz_rows(), quiz_rows(beside=mine)
        response = client.post(reverse("training:attempt_detail", args=[mine.pk]), post_data(body))
        outcome = answered_sanely(response)
        assert quiz_rows(beside=mine) == elsewhere, "handing in one quiz changed another attempt"
        mine.refresh_from_db()
        if careful:
            assert outcome == "saved" and mine.state != "open", "a quiz answered with the page's own choices is handed in"
        if outcome == "saved":
            short = next(row for row in rows if row.question.kind == "short")
            typed = last(body.get(f"q{short.pk}"))
            if mine.state != "open":
                short.refresh_from_db()
                assert short.answer_text == (typed or "").strip()
        else:
            assert quiz_rows() == before, "a refused quiz changed records"
            kept(response, {f"q{row.pk}": body.get(f"q{row.pk}") for row in rows if row.question.kind == "short"})


# --- A meeting's action item ------------------------------------------------------------------------------


def meeting_rows(*, beside=None):
    from meetings.models import ActionItem, Meeting

    meetings, items_ = Meeting.objects.all(), ActionItem.objects.all()
    if beside is not None:
        meetings, items_ = meetings.exclude(pk=beside.pk), items_.exclude(meeting=beside)
    return rows_of(meetings, items_)


@pytest.fixture
def meeting(world):
    """Today's marketing meeting of club 1 (with one open item), and club 2's meeting with one."""
    from meetings import services
    from meetings.tests.factories import make_series, meeting_on, today_of

    found = {}
    for n, club, chair in ((1, world.club1, world.marketing), (2, world.club2, world.store_manager_2)):
        series = make_series(club, chair.department, chair, title=f"Daily {n}",
                             positions=["marketing_director", "customer_manager", "store_manager"])
        services.meetings_create_ahead(series=series)
        found[n] = meeting_on(series, today_of(club))
        services.action_item_add(meeting=found[n], by=chair, what=f"Item of club {n}", owner=chair,
                                 due=today_of(club))
    return found


@settings(max_examples=40)
@given(data=st.data())
def test_action_item_takes_any_input_and_adds_only_to_that_meeting(world, meeting, client, data):
    from meetings.models import ActionItem
    from meetings.tests.factories import today_of

    today = today_of(world.club1)
    careful = data.draw(st.booleans(), label="careful chair")
    owners = [str(p.pk) for p in (world.marketing, world.customer_manager, world.store_manager)]
    if careful:
        fields = {"what": data.draw(fine_text.filter(lambda s: len(s) <= 300)),
                  "owner": data.draw(st.sampled_from(owners)),
                  "due": data.draw(st.dates(today, datetime.date(2100, 1, 1))).isoformat(),
                  "note": data.draw(st.one_of(st.just(""), fine_text))}
    else:
        fields = {
            "what": data.draw(maybe(any_text)),
            "owner": data.draw(maybe(st.one_of(st.sampled_from(owners + [str(world.store_manager_2.pk),
                                                                        str(world.left.pk)]), odd_ids))),
            "due": data.draw(maybe(st.one_of(st.dates().map(datetime.date.isoformat), any_time, st.sampled_from(
                ["0000-01-01", "9999-12-31", "2026-02-30", "-1", "today"])))),
            "note": data.draw(maybe(any_text)),
            "reason": data.draw(maybe(any_text)),
        }
    client.force_login(world.marketing.user)
    with rolled_back():
        before, elsewhere = meeting_rows(), meeting_rows(beside=meeting[1])
        url = reverse("meetings:action_item_add", args=[meeting[1].pk])
        response = client.post(url, post_data(fields))
        outcome = answered_sanely(response)
        if careful:
            assert outcome == "saved", "a correctly filled action item is recorded, whatever its text"
        assert meeting_rows(beside=meeting[1]) == elsewhere, "an action item changed another meeting"
        if outcome == "saved":
            (new,) = ActionItem.objects.exclude(pk__in=[k[1] for k in before if k[0] == "ActionItem"])
            assert (new.meeting_id, new.club_id, new.what) == (meeting[1].pk, world.club1.pk, last(fields["what"]).strip())
        else:
            assert meeting_rows() == before, "a refused action item changed records"
            # The meeting page is one form (minutes, decision, action item): read the new item's part of it.
            item_part = response.content.decode().split('data-testid="item-form"', 1)[1]
            kept(types.SimpleNamespace(content=item_part.encode()), {name: fields.get(name) for name in ("what", "note", "due")})


@settings(max_examples=30)
@given(status=maybe(st.one_of(st.sampled_from(["open", "done", "dropped", "DONE"]), any_text)),
       note=maybe(any_text),
       at_meeting=maybe(st.one_of(odd_ids, st.integers(-3, 10**4).map(str))),
       next_url=maybe(st.one_of(st.sampled_from(["/meetings/", "//evil.example/", "/\\evil.example",
                                                 "https://evil.example/"]), any_text)))
@example(status="done", note="", at_meeting="²", next_url=None)
def test_closing_an_action_item_takes_any_input_and_changes_only_that_item(world, meeting, client, status, note,
                                                                          at_meeting, next_url):
    from meetings.models import ActionItem

    item = ActionItem.objects.get(meeting=meeting[1])
    client.force_login(world.marketing.user)
    with rolled_back():
        others = rows_of(ActionItem.objects.exclude(pk=item.pk))
        response = client.post(reverse("meetings:action_item_update", args=[item.pk]),
                               post_data({"status": status, "note": note, "meeting": at_meeting, "next": next_url}))
        assert answered_sanely(response) == "saved", "closing an item answers with a redirect, with a message on errors"
        assert rows_of(ActionItem.objects.exclude(pk=item.pk)) == others, "closing one item changed another"
        item.refresh_from_db()
        assert item.status in ("open", "done", "dropped")


# --- The monthly report's month in the address ------------------------------------------------------------


def months_ago(count):
    first = timezone.localdate().replace(day=1)
    for _ in range(count):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    return f"{first:%Y-%m}"


def month_like():
    years = st.one_of(st.integers(1, 9999), st.sampled_from([1, 2, 1969, 1970, 2025, 2026, 2027, 9998, 9999]))
    recent = st.integers(-2, 40).map(lambda n: months_ago(n) if n >= 0 else f"{timezone.localdate():%Y}-{13 - n}")
    return st.one_of(
        recent,  # months with a report (the clubs' first hire is in 2024), twice as likely as the rest
        recent,
        st.builds("{:04d}-{:02d}".format, years, st.integers(1, 12)),  # months the address accepts
        st.builds("{:04d}-{:02d}".format, st.integers(2023, 2027), st.integers(1, 12)),  # around the clubs' months
        st.builds("{:04d}-{:02d}".format, st.integers(0, 9999), st.integers(0, 99)),
        st.builds("{}-{}".format, st.integers(-10**6, 10**6), st.integers(-99, 999)),
        st.sampled_from(["0000-00", "0000-01", "0001-01", "9999-12", "9999-13", "-001-01", "2026-1", "2026-001",
                         "2026-11-01", "2026", "1970-01", "2026-02", "%00", "..", "２０２６-１１", "2026-11%00"]),
        st.text(st.characters(blacklist_categories=("Cs",)), max_size=30),
    )


@settings(max_examples=40)
@given(month=month_like(), tail=st.sampled_from(["", "send/", "records/attendance/", "records/%00/", "clubs/{club}/",
                                                 "clubs/{club}/records/grooming/", "clubs/999999/", "clubs/0/"]),
       owner=st.booleans(), hired=st.sampled_from([None, datetime.date(1900, 1, 1), datetime.date(1900, 2, 28)]))
@example(month="9999-12", tail="", owner=True, hired=None)
@example(month="0001-01", tail="", owner=True, hired=datetime.date(1900, 1, 1))
@example(month="1900-01", tail="clubs/{club}/", owner=False, hired=datetime.date(1900, 1, 1))
@example(month="9999-12", tail="records/attendance/", owner=False, hired=None)
def test_report_month_address_takes_anything(world, client, month, tail, owner, hired):
    """Any month in the address; some examples with a person hired in 1900, the earliest the person form takes."""
    from urllib.parse import quote

    viewer = world.owner if owner else world.store_manager
    client.force_login(viewer.user)
    url = f"/reports/monthly/{quote(month, safe='')}/{tail.format(club=world.club1.pk)}"
    with rolled_back():
        if hired is not None:
            Person.objects.filter(pk=world.technician_a2.pk).update(hire_date=hired)
        people = person_rows()
        if tail == "send/":
            response = client.post(url)
        else:
            response = client.get(url)
        answered_sanely(response, may_refuse=True)
        assert person_rows() == people
