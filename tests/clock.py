"""The suite's clock: every test runs at a known instant.

* A test (or module, via ``pytestmark``) that is about particular dates pins its instant with
  ``@pytest.mark.clock("2026-11-20T10:00:00+08:00")``.
* Every other test runs at the instant given by ``--clock`` (or the ``CLOCK`` environment
  variable, which ``make test CLOCK=...`` sets), or at the real time when neither is given.
  Those tests must hold at any instant: they compute their months from ``timezone.now()``.
  A run with ``--clock`` leaves the pinned tests out: they would run exactly as without it.
* A module whose outcome does not depend on the day (the layers, the catalogs, settings, headers,
  throttling; who may open what; the bounds of the dates it sends itself) says so with
  ``pytestmark = pytest.mark.timeless`` and why; a ``--clock`` replay leaves it out too, so the
  replay runs only the date-dependent part of the suite.

The clock ticks from the chosen instant (``tick=True``), so timings, session ages and
``auto_now`` fields behave as on a real day. A test that needs to move on calls
``clock.move_to(...)`` or ``clock.shift(...)`` on the ``clock`` fixture. The travel wraps the
whole run of a test, so a module-scoped fixture is built at the clock of its first test.
"""

import datetime
import os

import pytest
import time_machine


def parse_instant(raw):
    """An ISO-8601 instant with its offset, e.g. ``2027-01-01T00:05:00+08:00``."""
    try:
        instant = datetime.datetime.fromisoformat(raw)
    except ValueError as error:
        raise pytest.UsageError(f"--clock/CLOCK must be an ISO-8601 instant with an offset: {raw!r}") from error
    if instant.tzinfo is None:
        raise pytest.UsageError(f"--clock/CLOCK needs an offset or Z, e.g. 2027-01-01T00:05:00+08:00: {raw!r}")
    return instant


def pytest_addoption(parser):
    parser.addoption(
        "--clock",
        default=os.environ.get("CLOCK") or None,
        help="run every test that does not pin its own instant as if it were this ISO-8601 instant",
    )
    parser.addoption(
        "--clock-all",
        action="store_true",
        help="with --clock, keep the tests that pin their own instant or never read the clock too "
        "(they run as without --clock): the whole suite in one run, at that instant",
    )


def pytest_configure(config):
    config.addinivalue_line("markers", "clock(instant): run this test as if it were that ISO-8601 instant")
    config.addinivalue_line("markers", "timeless: the outcome does not depend on the day; a --clock replay leaves it out")
    raw = config.getoption("--clock")
    if raw:
        parse_instant(raw)  # fail at once on a bad value, not in every test


def pytest_collection_modifyitems(config, items):
    """With ``--clock``, a test that pins its own instant, or never reads the clock, would only run again
    exactly as without it: left out."""
    if not config.getoption("--clock") or config.getoption("clock_all"):
        return
    same = [item for item in items if item.get_closest_marker("clock") or item.get_closest_marker("timeless")]
    if same:
        config.hook.pytest_deselected(items=same)
        left_out = {id(item) for item in same}
        items[:] = [item for item in items if id(item) not in left_out]


def pytest_report_header(config):
    raw = config.getoption("--clock")
    return f"clock: {raw} (tests without their own clock mark)" if raw else "clock: real time"


CLOCK = pytest.StashKey()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """Travel for the whole of a test's run, so that module-scoped fixtures set up for it see its clock too."""
    marker = item.get_closest_marker("clock")
    raw = marker.args[0] if marker else item.config.getoption("--clock")
    instant = parse_instant(raw) if raw else datetime.datetime.now(datetime.UTC)
    with time_machine.travel(instant, tick=True) as traveller:
        item.stash[CLOCK] = traveller
        return (yield)


@pytest.fixture
def clock(request):
    """The traveller this test runs under: ``clock.move_to(instant)`` or ``clock.shift(timedelta)`` moves it."""
    return request.node.stash[CLOCK]
