"""The monthly report's pages: the list of months, a chain's or a club's month, the records behind a figure,
and a technician's scorecard. ``?format=pdf|xlsx|json`` on a report's URL downloads the same report."""


from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from attendance.models import GroomingItem, HygieneItem
from kernel.clock import club_today
from kernel.months import last_months, month_start, next_month, previous_month
from staff import access, registry
from staff.models import Club, Role

from . import delivery, exports, presentation, records, scorecards
from .access import may_read_reports, may_send_again, reads_chain_report, sees_every_delivery
from .exports import pdf_response, xlsx_response
from .models import MonthlySnapshot, ReportDelivery
from .report import CHAIN_KEPT, ClubPart, Report, monthly_report, page_key, report_json, to_prepare
from .selectors import clubs_with_first_month, first_month, is_closed
from .snapshots import queue_builds

MONTHS_LISTED = 36


def _report_clubs(viewer):
    if not may_read_reports(viewer):
        raise PermissionDenied
    return clubs_with_first_month(access.visible_clubs(viewer))


def _report_club(viewer, pk):
    club = access.club_in_reach(viewer, pk)  # another club: 404
    if not may_read_reports(viewer):
        raise PermissionDenied
    return clubs_with_first_month(Club.objects.filter(pk=club.pk))[0]


def _month_problem(clubs, month):
    """Why there is no report of ``month`` for ``clubs``, or None."""
    if not clubs:
        return _("There is no club to report on yet.")
    if month > max(month_start(club_today(c)) for c in clubs):
        return _("%(month)s has not begun yet.") % {"month": f"{month:%Y-%m}"}
    if month < min(first_month(c) for c in clubs):
        return _("%(month)s is before the club opened in ClubOps; its first report is for %(first)s.") % {
            "month": f"{month:%Y-%m}", "first": f"{min(first_month(c) for c in clubs):%Y-%m}"}
    return None


def _no_report(request, message):
    return render(request, "reports/no_report.html", {"message": message}, status=404)


@login_required
@require_GET
def index(request):
    """The months that have a report, newest first, with when each was built."""
    viewer = access.viewer_of(request)
    clubs = _report_clubs(viewer)
    months = []
    if clubs:
        newest = max(month_start(club_today(c)) for c in clubs)
        oldest = min(first_month(c) for c in clubs)
        months = [m for m in last_months(newest, MONTHS_LISTED) if m >= oldest]
    built = {}
    for row in MonthlySnapshot.objects.filter(club__in=clubs, month__in=months).values("month", "built_at"):
        built[row["month"]] = max(built.get(row["month"], row["built_at"]), row["built_at"])
    rows = [(m, all(is_closed(c, m) for c in clubs), built.get(m)) for m in months]
    return render(request, "reports/index.html", {"rows": rows, "chain": reads_chain_report(viewer)})


@login_required
@require_GET
def monthly(request, month):
    """The chain's report (the owner) or the store manager's club's, for one month."""
    viewer = access.viewer_of(request)
    clubs = _report_clubs(viewer)
    problem = _month_problem(clubs, month)
    if problem:
        return _no_report(request, problem)
    scope = "chain" if reads_chain_report(viewer) else "club"
    return _page(request, viewer, clubs, month, scope, clubs[0] if scope == "club" else None,
                 reverse("reports:monthly", args=[f"{month:%Y-%m}"]),
                 reverse("reports:monthly_status", args=[f"{month:%Y-%m}"]))


@login_required
@require_GET
def monthly_status(request, month):
    """Whether the month's report page opens at once (``{"ready": true}``) or is still being prepared; JSON."""
    viewer = access.viewer_of(request)
    clubs = _report_clubs(viewer)
    return _status(clubs, month)


@login_required
@require_GET
def club_monthly(request, month, club):
    """One club's section of the month, on its own page."""
    viewer = access.viewer_of(request)
    club = _report_club(viewer, club)
    problem = _month_problem([club], month)
    if problem:
        return _no_report(request, problem)
    return _page(request, viewer, [club], month, "club", club,
                 reverse("reports:club_monthly", args=[f"{month:%Y-%m}", club.pk]),
                 reverse("reports:club_monthly_status", args=[f"{month:%Y-%m}", club.pk]))


@login_required
@require_GET
def club_monthly_status(request, month, club):
    """``monthly_status`` for one club's section."""
    viewer = access.viewer_of(request)
    return _status([_report_club(viewer, club)], month)


def _page(request, viewer, clubs, month, scope, club, page_url, status_url):
    """A report page or download. A finished month's page whose figures were drawn before from the same
    snapshots is answered from what was kept (``page_key``): no figures are read, nothing is drawn again."""
    key = page_key(clubs, month, scope=scope) if not request.GET.get("format") else None
    kept = cache.get(key) if key else None
    if kept is not None:
        return _respond(request, viewer, _kept_report(clubs, month, scope, kept), key=key, kept=kept)
    if _waiting(request, clubs, month):
        return _preparing(request, month, scope, club, page_url, status_url)
    return _respond(request, viewer, monthly_report(clubs, month, scope=scope), key=key)


def _kept_report(clubs, month, scope, kept):
    """The report as its page's heading needs it, when its figures part was kept: the month, the clubs,
    when it was built. Its figures are in the kept part, not here."""
    report = Report(month=month, scope=scope, parts=[ClubPart(c, {}, None, True) for c in clubs], figures={},
                    previous=None)
    return report


def _waiting(request, clubs, month):
    """The builds the page waits for (queued here), or [] to show the report now: always for a download, the
    JSON, or ``?live=1`` (the reader asked for the figures computed now, however long it takes)."""
    if request.GET.get("format") or request.GET.get("live"):
        return []
    waiting = to_prepare(clubs, month)
    if waiting:
        queue_builds(waiting)  # after the request commits, through the outbox; the same month at most every 5 min
    return waiting


def _preparing(request, month, scope, club, page_url, status_url):
    """The page shown at once while the month's figures are being built: it asks ``status_url`` and reloads."""
    return render(request, "reports/preparing.html", {
        "month": month, "scope": scope, "club": club, "page_url": page_url, "status_url": status_url,
        "live_url": f"{page_url}?live=1",
    })


def _status(clubs, month):
    problem = _month_problem(clubs, month)
    if problem:
        return JsonResponse({"ready": False, "error": problem}, status=404)
    waiting = to_prepare(clubs, month)
    if waiting:
        queue_builds(waiting)  # a build lost on the way (a worker restarted) is queued again after 5 minutes
    return JsonResponse({"ready": not waiting, "waiting": len(waiting)})


def _records_url(report, month):
    """``url(figure)``: the link to a figure's records; ``figure`` may carry a filter ("assessments?result=passed")."""
    def url(figure):
        figure, _sep, query = figure.partition("?")
        if report.scope == "chain":
            link = reverse("reports:chain_records", args=[f"{month:%Y-%m}", figure])
        else:
            link = reverse("reports:club_records", args=[f"{month:%Y-%m}", report.club.pk, figure])
        return f"{link}?{query}" if query else link
    return url


def _report_url(report):
    if report.scope == "chain":
        return reverse("reports:monthly", args=[f"{report.month:%Y-%m}"])
    return reverse("reports:club_monthly", args=[f"{report.month:%Y-%m}", report.club.pk])


def _filename(report, extension):
    scope = "chain" if report.scope == "chain" else report.club.code
    return f"report-{scope}-{report.month:%Y-%m}.{extension}"


def _respond(request, viewer, report, *, key=None, kept=None):
    kind = request.GET.get("format", "")
    if kind == "json":
        response = JsonResponse(report_json(report), json_dumps_params={"ensure_ascii": False, "indent": 1})
        response["Content-Disposition"] = f'inline; filename="{_filename(report, "json")}"'
        return response
    if kind in ("pdf", "xlsx") and request.GET.get("ready"):
        return JsonResponse({"ready": exports.ready_or_queued(report, kind)})
    if kind == "pdf":
        return pdf_response(report, _filename(report, "pdf"))
    if kind == "xlsx":
        return xlsx_response(report, _filename(report, "xlsx"))
    month = report.month
    keeps = bool(key) and (kept is not None or (report.closed and not report.live))
    if kept is None:
        url = _records_url(report, month)
        body = render_to_string("reports/_report_body.html", {
            "report": report,
            "sections": presentation.sections(report, url),
            "charts": presentation.charts(report),
            "details": details(report, url),
            "by_club": _by_club(report) if report.scope == "chain" else None,
        }, request=request)
        if key and report.closed and not report.live:
            kept = {"body": body, "built_at": report.built_at, "rebuilt": bool(report.rebuilt)}
            cache.set(key, kept, CHAIN_KEPT)
    context = {
        "app_sections": _sections(request, viewer, report, f"{key}:sections:{_reader(viewer)}" if keeps else None),
        "report": report,
        "body": mark_safe(kept["body"] if kept else body),  # noqa: S308 - drawn by our own template above
        "live": False if kept else report.live,  # a page with a month computed live is never kept
        "built_at": kept["built_at"] if kept else report.built_at,
        "rebuilt": kept["rebuilt"] if kept else report.rebuilt,
        "deliveries": _deliveries(viewer, report),
        "may_send": may_send_again(viewer) and report.closed,
        "report_url": _report_url(report),
        "previous_month": previous_month(month) if previous_month(month) >= min(first_month(p.club) for p in
                                                                                 report.parts) else None,
        "next_month": next_month(month) if any(
            next_month(month) <= month_start(club_today(p.club)) for p in report.parts) else None,
        "chain_url": reverse("reports:monthly", args=[f"{month:%Y-%m}"]) if reads_chain_report(viewer) else "",
    }
    return render(request, "reports/report.html", context)


def _reader(viewer):
    """Who reads a kept page's sections, as far as what they may see there goes (``plans.access.plans_filter``,
    ``customers.access.leads_marketing``): a change of their position or club reads them again."""
    return f"{viewer.pk}:{viewer.position}:{viewer.club_id}:{viewer.department_id}"


def _sections(request, viewer, report, name):
    """The other apps' sections of the page (``staff.registry.add_report_section``) as HTML. Kept under ``name``
    (a finished month's page and its reader) once drawn: their records mark their months as changed
    (``feeds``, ``SectionMark``), which gives the page a new name."""
    if name:
        kept = cache.get(name)
        if kept is not None:
            return mark_safe(kept)  # noqa: S308 - drawn by the apps' templates below
    templates, context = registry.report_sections(viewer, [part.club for part in report.parts], report.month)
    html = "".join(render_to_string(template, {**context, "report": report}, request=request)
                   for template in templates)
    if name:
        cache.set(name, html, CHAIN_KEPT)
    return mark_safe(html)  # noqa: S308 - drawn by the apps' templates


def _by_club(report):
    """Rows of the clubs side by side: (label, unit, [(club, value, url)])."""
    rows = []
    from .figures import HEADLINES, value_at

    urls = {part.club.pk: reverse("reports:club_monthly", args=[f"{report.month:%Y-%m}", part.club.pk])
            for part in report.parts}
    for h in HEADLINES:
        cells = [(part.club, presentation.fmt(value_at(part.figures, h.key), h.unit), urls[part.club.pk])
                 for part in report.parts]
        rows.append((str(h.label), cells))
    return rows


def details(report, url):
    """The tables under the headline figures: positions, leave types, lists of people and items."""
    f = report.figures
    grooming_labels = GroomingItem.DEFAULTS
    hygiene_labels = HygieneItem.DEFAULTS
    checklists = f.get("checklists", {})
    return {
        "positions": [
            (presentation.position_label(code), counts,
             {k: f"{url(k)}?position={code}" for k in ("headcount_start", "headcount_end", "joined", "left")})
            for code, counts in sorted(f.get("headcount", {}).get("positions", {}).items(),
                                       key=lambda kv: Role.values.index(kv[0]) if kv[0] in Role.values else 99)
        ],
        "leave": [
            (str(label), f.get("attendance", {}).get("leave_days", {}).get(value, 0), f"{url('leave')}?type={value}")
            for value, label in presentation.LeaveType.choices
        ],
        "evening_job": presentation.evening_job(report),
        "honour_roll": presentation.named(report, f.get("followup", {}).get("honour_roll", [])),
        "needs_talk": presentation.named(report, f.get("followup", {}).get("needs_talk", [])),
        "grooming_failed": [
            (presentation.item_label(i, grooming_labels), i["failures"],
             f"{url('grooming')}?result=failed" + (f"&item={i['id']}" if i.get("id") else ""))
            for i in f.get("grooming", {}).get("most_failed", [])[:5]
        ],
        "hygiene_failed": [
            (presentation.item_label(i, hygiene_labels), i["failures"],
             f"{url('hygiene')}?result=failed" + (f"&item={i['id']}" if i.get("id") else ""))
            for i in f.get("hygiene", {}).get("most_failed", [])[:5]
        ],
        "consumables": [
            (i["name"], i["unit"], i["issues"], i["quantity"],
             f"{url('consumables')}" + (f"?item={i['id']}" if i.get("id") else ""))
            for i in f.get("consumables", {}).get("items", [])
        ],
        "low_stock": presentation.named(report, f.get("consumables", {}).get("low_stock", [])),
        "checklist_positions": [
            (presentation.position_label(code), row, f"{url('checklists')}?position={code}")
            for code, row in checklists.get("positions", {}).items()
        ],
        "training": f.get("training", {}),
        "training_topics": [
            (topic.get("label") or code, topic.get("taken", 0), topic.get("passed", 0), topic.get("pass_rate"),
             f"{url('assessments')}?topic={code}", f"{url('assessments')}?topic={code}&result=passed")
            for code, topic in sorted((f.get("training", {}).get("by_topic") or {}).items())
            if isinstance(topic, dict)
        ],
        "levels_by_level": [
            (presentation.level_label(level), n, f"{url('levels')}?level={level}")
            for level, n in sorted((f.get("training", {}).get("levels_gained_by_level") or {}).items())
        ],
        "competitions": [
            (c, f"{url('competitions')}?competition={c['competition_id']}" if c.get("competition_id") else "")
            for c in presentation.named(report, [c for c in f.get("training", {}).get("competition_winners") or []
                                                 if isinstance(c, dict)])
        ],
        "competitions_url": url("competitions"),
        "meetings": f.get("meetings", {}),
    }


def _deliveries(viewer, report):
    rows = ReportDelivery.objects.filter(month=report.month).select_related("person", "club")
    if not sees_every_delivery(viewer):
        rows = rows.filter(person=viewer)
    elif report.scope == "club":
        rows = rows.filter(club=report.club)
    return list(rows.order_by("club__name", "person__name"))


@login_required
@require_POST
def send_again(request, month):
    """The owner sends the month's report again: to one recipient (``delivery``) or to everyone."""
    viewer = access.viewer_of(request)
    clubs = _report_clubs(viewer)
    if not may_send_again(viewer):
        raise PermissionDenied
    problem = _month_problem(clubs, month)
    if problem:
        return _no_report(request, problem)
    if not all(is_closed(c, month) for c in clubs if first_month(c) <= month):
        messages.error(request, _("%(month)s is not over yet; its report is sent once it is.") % {
            "month": f"{month:%Y-%m}"})
    else:
        raw = request.POST.get("delivery", "")
        queued = delivery.send_again(month=month, by=viewer, delivery_id=int(raw) if raw.isdecimal() else None)
        messages.success(request, _("The report will be sent again to %(count)s people.") % {"count": queued})
    return redirect("reports:monthly", month=f"{month:%Y-%m}")


def _drill_page(request, title_scope, month, drill, back):
    if drill is None:
        return _no_report(request, _("There is no such figure in the report."))
    page = Paginator(drill.rows, 100).get_page(request.GET.get("page"))
    context = {
        "drill": drill, "page": page, "rows": [drill.cells(row) for row in page.object_list],
        "scope": title_scope, "month": month, "back": back, "count": page.paginator.count,
    }
    return render(request, "reports/records.html", context)


@login_required
@require_GET
def chain_records(request, month, figure):
    viewer = access.viewer_of(request)
    clubs = _report_clubs(viewer)
    problem = _month_problem(clubs, month)
    if problem:
        return _no_report(request, problem)
    clubs = [c for c in clubs if first_month(c) <= month]
    drill = records.drill(figure, clubs=clubs, month=month, params=request.GET)
    scope = _("All clubs") if reads_chain_report(viewer) else clubs[0].name
    return _drill_page(request, scope, month, drill, reverse("reports:monthly", args=[f"{month:%Y-%m}"]))


@login_required
@require_GET
def club_records(request, month, club, figure):
    viewer = access.viewer_of(request)
    club = _report_club(viewer, club)
    problem = _month_problem([club], month)
    if problem:
        return _no_report(request, problem)
    drill = records.drill(figure, clubs=[club], month=month, params=request.GET)
    return _drill_page(request, club.name, month, drill,
                       reverse("reports:club_monthly", args=[f"{month:%Y-%m}", club.pk]))


def _scorecard_person(viewer, pk):
    person = access.get_person(viewer, pk)  # another club: 404; someone not theirs to see: 403
    if person.club_id is None:
        raise PermissionDenied
    return person


@login_required
@require_GET
def scorecard(request, pk):
    """A technician's months: attendance and punctuality, grooming, service quality, training, rewards."""
    viewer = access.viewer_of(request)
    person = _scorecard_person(viewer, pk)
    card = scorecards.scorecard(person)
    return render(request, "reports/scorecard.html", {"person": person, "card": card})


@login_required
@require_GET
def person_records(request, pk, month, figure):
    viewer = access.viewer_of(request)
    person = _scorecard_person(viewer, pk)
    today = club_today(person.club)
    if month > month_start(today) or month < month_start(person.hire_date):
        return _no_report(request, _("There are no records of %(name)s for %(month)s.") % {
            "name": person.name, "month": f"{month:%Y-%m}"})
    drill = records.drill(figure, clubs=[person.club], month=month, params=request.GET, person=person)
    return _drill_page(request, person.name, month, drill, reverse("reports:scorecard", args=[person.pk]))

