"""Helpers for the statistics, follow-up, lock and notice tests: records made in one line, figures read off the page."""

import datetime
import html
import re

from django.utils import translation

from attendance.models import Attendance, Status

MONDAY = datetime.date(2025, 3, 10)  # a past Monday in March 2025: every test day is settled history


def record(person, day, status=Status.PRESENT, **fields):
    """``person``'s attendance on ``day`` as the team screen would store it."""
    if status in (Status.LATE, Status.LATE_AND_LEFT_EARLY):
        fields.setdefault("late_minutes", 10)
    if status in (Status.LEFT_EARLY, Status.LATE_AND_LEFT_EARLY):
        fields.setdefault("early_minutes", 30)
    return Attendance.objects.create(person=person, club=person.club, date=day, status=status, **fields)


def page_text(response):
    body = response.content.decode()
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def shows(response, text):
    return " ".join(str(text).split()) in page_text(response)


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def in_language(language, text):
    with translation.override(language):
        return str(text)


def _number(text):
    text = html.unescape(re.sub(r"<[^>]+>", "", text)).strip()
    return int(text) if text.isdigit() else text


def day_row(response, label):
    """The figures of the row ``label`` of the daily table: {"people": 2, "late": 1, ...}."""
    content = response.content.decode()
    row = re.search(rf'<tr[^>]*data-row="{re.escape(label)}"[^>]*>(.*?)</tr>', content, re.S)
    assert row is not None, f"no row {label!r} on the page"
    cells = re.findall(r'data-column="([^"]+)"[^>]*>(.*?)</td>', row.group(1), re.S)
    return {key: _number(value) for key, value in cells}


def has_row(response, label):
    return f'data-row="{label}"' in response.content.decode()


def sheet_row(response, person):
    """The monthly sheet's row of ``person``: (marks by day number, the totals in column order)."""
    content = response.content.decode()
    row = re.search(rf'<tr data-person="{person.pk}">(.*?)</tr>', content, re.S)
    assert row is not None, f"{person} is not on the sheet"
    cells = re.findall(r'data-day="(\d+)">(.*?)</td>', row.group(1))
    marks = {int(day): html.unescape(mark).strip() for day, mark in cells}
    totals = [_number(v) for v in re.findall(r"<td>(.*?)</td>", row.group(1))]
    return marks, totals


def listed(response, testid):
    """The person ids listed in the element ``data-testid=testid``."""
    content = response.content.decode()
    block = re.search(rf'data-testid="{testid}">(.*?)</ul>', content, re.S)
    assert block is not None, f"no {testid} on the page"
    return [int(pk) for pk in re.findall(r'data-person="(\d+)"', block.group(1))]
