"""Attendance statistics (technical manager duty 8): a day per team and department, a month per person."""

import datetime

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import path
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from staff import access
from staff.access import visible_departments

from ..selectors import daily as day_selectors
from ..selectors import stats as figures
from kernel.months import next_month, previous_month
from ..scope import clubs_to_pick, day_from, floor_links, month_from, scope_for
from ..xlsx import month_file, month_file_ready, xlsx_response


def _pickers(viewer, scope):
    return {
        "floor_links": floor_links(viewer),
        "clubs": clubs_to_pick(viewer),
        "teams": access.visible_teams(viewer).filter(club=scope.club).order_by("name"),
        "departments": visible_departments(viewer).filter(club=scope.club),
    }


@login_required
@require_GET
def stats_daily(request):
    """One day's attendance per team and per department: on time, late, early, absent, leave, off, not recorded."""
    viewer = access.viewer_of(request)
    scope = scope_for(request, viewer)
    day = day_from(request, scope.club.zone)
    pickers = _pickers(viewer, scope)
    if scope.team or scope.department:
        stats = figures.day_stats(people=scope.people, day=day, list_people=True)
    else:
        stats = figures.day_stats(
            people=scope.people, day=day, teams=list(pickers["teams"]), departments=list(pickers["departments"])
        )
    context = {
        "scope": scope,
        "stats": stats,
        "day": day,
        "previous_day": day - datetime.timedelta(days=1),
        "next_day": day + datetime.timedelta(days=1),
        "future": day > timezone.localdate(timezone=scope.club.zone),
        "columns": figures.DAY_COLUMNS,
        **pickers,
    }
    return render(request, "attendance/stats_daily.html", context)


PER_PAGE = 50  # people on a page of the monthly sheet
ROWS_MARKER = "<!--month-sheet-rows-->"  # where the whole club's rows are streamed into the page
TONE_CLASS = {"bad": " table-danger", "warn": " table-warning", "muted": " text-body-secondary"}


class RowHtml:
    """The monthly sheet's rows as HTML, each distinct cell made once per request (30,000 cells, ~100 distinct)."""

    def __init__(self, show_team):
        self.show_team = show_team
        self.cells = {}

    def cell(self, cell):
        key = (cell.mark_of, cell.day.day)
        html = self.cells.get(key)
        if html is None:
            mark = cell.mark_of
            if mark is None:
                html = f'<td class="px-1" data-day="{cell.day.day}"></td>'
            else:
                title = f' title="{escape(mark.title)}"' if mark.title else ""
                html = (f'<td class="px-1{TONE_CLASS.get(mark.tone, "")}"{title} data-day="{cell.day.day}">'
                        f"{escape(mark.mark)}</td>")
            self.cells[key] = html
        return html

    def __call__(self, row):
        person = row.person
        team = ""
        if self.show_team and person.team_id:
            team = f' <small class="text-body-secondary fw-normal">{escape(person.team.name)}</small>'
        cells = "".join(map(self.cell, row.cells))
        totals = "".join(f"<td>{value}</td>" for value in row.totals)
        return mark_safe(  # noqa: S308 - every text above is escaped
            f'<tr data-person="{person.pk}"><th class="text-start text-nowrap">{escape(person.name)}{team}</th>'
            f"{cells}{totals}</tr>\n"
        )


def _xlsx_ready_or_queued(viewer, scope, month, today, marks):
    """Whether the month's workbook is written already (the download reads it back at once); when it is not, its
    writing is queued (``tasks.prepare_month_file``, once the request commits) while the button says so."""
    ready, name = month_file_ready(scope, month=month, today=today, marks=marks)
    if not ready:
        from outbox.services import enqueue_once_on_commit

        where = {key: value for key, value in (("team", scope.team), ("department", scope.department)) if value}
        params = {key: value.pk for key, value in where.items()} or {"club": scope.club.pk}
        enqueue_once_on_commit(f"attendance:month-file:{name}", "attendance.tasks.prepare_month_file", viewer.pk,
                               params, f"{month:%Y-%m-%d}", get_language())
    return ready


@login_required
@require_GET
def stats_monthly(request):
    """A month per person: a calendar of marks and the totals; ``?format=xlsx`` downloads the same sheet.

    A page shows ``PER_PAGE`` people (``?page=``); ``?all=1`` streams everyone of the scope in
    one page, and the XLSX has everyone too.
    """
    viewer = access.viewer_of(request)
    scope = scope_for(request, viewer)
    zone = scope.club.zone
    month = month_from(request, zone)
    today = timezone.localdate(timezone=zone)
    marks = figures.Marks()
    legend = day_selectors.legend()
    if request.GET.get("format") == "xlsx" and request.GET.get("ready"):
        return JsonResponse({"ready": _xlsx_ready_or_queued(viewer, scope, month, today, marks)})
    if request.GET.get("format") == "xlsx":
        book = month_file(scope, month=month, today=today, marks=marks)
        name = "-".join(filter(None, [
            "attendance", scope.club.code, f"team{scope.team.pk}" if scope.team else "",
            scope.department.kind if scope.department else "", f"{month:%Y-%m}",
        ]))
        return xlsx_response(book, f"{name}.xlsx")
    everyone = request.GET.get("all") == "1"
    if everyone:
        sheet = figures.month_sheet_rows(people=scope.people, month=month, today=today, marks=marks)
    else:
        sheet = figures.month_sheet_page(people=scope.people, month=month, today=today,
                                         page=request.GET.get("page"), per_page=PER_PAGE, marks=marks)
    row_html = RowHtml(show_team=scope.team is None)
    context = {
        "scope": scope,
        "sheet": sheet,
        "everyone": everyone,
        "rows": mark_safe(ROWS_MARKER) if everyone else [row_html(row) for row in sheet.rows],
        "month": month,
        "previous_month": previous_month(month),
        "next_month": next_month(month),
        "legend": legend,
        "totals": [label for _key, label in figures.MONTH_TOTALS],
        **_pickers(viewer, scope),
    }
    if not everyone:
        return render(request, "attendance/stats_monthly.html", context)
    head, tail = render_to_string("attendance/stats_monthly.html", context, request=request).split(ROWS_MARKER, 1)

    def page():
        yield head
        lines, empty = [], True
        for row in sheet.rows:
            lines.append(row_html(row))
            empty = False
            if len(lines) >= 100:
                yield "".join(lines)
                lines = []
        if empty:
            lines.append(f'<tr><td colspan="99" class="text-start">{escape(_("Nobody to show for this month."))}</td></tr>')
        yield "".join(lines)
        yield tail

    return StreamingHttpResponse(page(), content_type="text/html; charset=utf-8")


urls = [
    path("stats/daily/", stats_daily, name="stats_daily"),
    path("stats/monthly/", stats_monthly, name="stats_monthly"),
]
