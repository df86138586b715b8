"""The report's adapter to modules written beside it: training and meetings.

Each function here imports its module's query function when it is called, inside
try/except, and answers None while that module (or that function) does not exist yet; the
report then shows the section as "not available yet". Wiring a module in is a one-line
change below. Whatever a module returns is kept as it is, made JSON-safe
(``json_safe``), per club id.

The date range passed on is the month's first and last day, both included (as
``duties.selectors.completion_by`` takes it).
"""

import datetime
import decimal


def _training_figures():
    try:
        from training.selectors import training_figures
    except (ImportError, AttributeError):
        return None
    return training_figures


def _meeting_figures():
    try:
        from meetings.selectors import meeting_figures
    except (ImportError, AttributeError):
        return None
    return meeting_figures


def _person_training():
    try:
        from training.selectors import person_training_figures
    except (ImportError, AttributeError):
        return None
    return person_training_figures


def training(*, club_ids, first, last):
    """{club id: training figures} — sessions, assessments per topic, levels, competitions, rewards and penalties."""
    return _call(_training_figures(), club_ids=club_ids, first=first, last=last)


def meetings(*, club_ids, first, last):
    """{club id: meeting figures} — meetings held vs scheduled, action items closed and overdue."""
    return _call(_meeting_figures(), club_ids=club_ids, first=first, last=last)


def person_training(*, person, first, last):
    """{"YYYY-MM": figures} for one person's scorecard (training, level, competitions, rewards), or None."""
    function = _person_training()
    if function is None:
        return None
    return json_safe(function(person=person, start=first, end=last))


def _call(function, *, club_ids, first, last):
    if function is None:
        return None
    result = function(club_ids=list(club_ids), start=first, end=last) or {}
    return {int(k): json_safe(v) for k, v in dict(result).items() if str(k).isdigit()}


def json_safe(value):
    """``value`` with dates as ISO strings, decimals as floats, tuples and sets as lists, keys as strings."""
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [json_safe(v) for v in value]
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def chain_rates(name, section):
    """Rates of another module's section computed again from its added-up counts (the chain's), where its keys allow.

    Training documents ``assessments_taken/passed`` (and per topic ``taken/passed``) and
    ``present/late/absent`` for sessions; anything else stays without a chain-wide rate.
    """
    def rate(part, whole):
        return round(100 * part / whole, 1) if whole else None

    if name == "training":
        if "assessments_taken" in section:
            section["pass_rate"] = rate(section.get("assessments_passed", 0), section["assessments_taken"])
        for topic in (section.get("by_topic") or {}).values():
            if isinstance(topic, dict) and "taken" in topic:
                topic["pass_rate"] = rate(topic.get("passed", 0), topic["taken"])
        if "present" in section:
            came = section.get("present", 0) + section.get("late", 0)
            section["attendance_rate"] = rate(came, came + section.get("absent", 0))
    return section
