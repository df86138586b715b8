"""The business figures' pages: the month, the day's form, the import, the tokens, and the JSON endpoint."""

import datetime
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kernel.clock import club_today
from kernel.dates import parse_date
from kernel.months import month_days, next_month, parse_month, previous_month
from staff import locks
from staff.access import club_params, picker_clubs

from . import importer, selectors, services
from .access import figures_club
from .forms import DayForm, ImportForm, TokenForm
from .metrics import CLUB_KEYS, METRICS, PERSON_KEYS
from .models import ApiToken, Source

MAX_ERRORS_SHOWN = 50


def _query(viewer, club, **params):
    return urlencode(club_params(viewer, club, **params))


def _url(name, viewer, club, **params):
    query = _query(viewer, club, **params)
    return reverse(name) + (f"?{query}" if query else "")


def _day_from(request, club):
    """``?date=`` or the club's today; a bad or future date says so and shows today."""
    today = club_today(club)
    raw = request.GET.get("date", "")
    if not raw:
        return today
    day = parse_date(raw)
    if day is None or day > today:
        messages.error(request, _("“%(value)s” is not a day that has happened; showing today.") % {"value": raw})
        return today
    return day


@login_required
@require_GET
def figures(request):
    """The month's figures of a club: totals, a row per day, a row per technician."""
    viewer, club = figures_club(request)
    today = club_today(club)
    month = today.replace(day=1)
    raw = request.GET.get("month", "")
    if raw:
        month = parse_month(raw)
        if month is None:
            messages.error(request, _("“%(value)s” is not a month; showing this month.") % {"value": raw})
            month = today.replace(day=1)
    last = next_month(month) - datetime.timedelta(days=1)
    days = selectors.month_days(club, month, last)
    rows = [{"date": d, "future": d > today, **days.get(d, {"day": None})} for d in month_days(month)]
    context = {
        "club": club, "clubs": picker_clubs(viewer), "month": month, "today": today,
        "previous": previous_month(month), "next": next_month(month),
        "totals": selectors.totals(club, month, last), "metrics": METRICS, "club_keys": CLUB_KEYS,
        "person_keys": PERSON_KEYS, "rows": rows, "people": selectors.month_people(club, month, last),
        "club_qs": _query(viewer, club), "lock": locks.lock_state(viewer, club.pk, month),
    }
    context["cards"] = [(key, metric, context["totals"][key]) for key, metric in METRICS.items()]
    context["columns"] = [(key, METRICS[key]) for key in [*CLUB_KEYS, *PERSON_KEYS]]
    context["total_row"] = [context["totals"][key] for key in [*CLUB_KEYS, *PERSON_KEYS]]
    for row in rows:
        row["cells"] = [row.get(key) for key in [*CLUB_KEYS, *PERSON_KEYS]]
    return render(request, "business/figures.html", context)


def _plain(value):
    """6 rather than 6.0 for a whole number of services; 5.5 as it is."""
    if value is not None and value == value.to_integral_value():
        return value.quantize(1)
    return value


@login_required
@require_http_methods(["GET", "POST"])
def day(request):
    """The day's figures on one form: the club's and one row per technician; saved together or not at all."""
    viewer, club = figures_club(request)
    date = _day_from(request, club)
    record, people, existing = selectors.day_sheet(club, date)
    lock = locks.lock_state(viewer, club.pk, date)
    initial = {}
    if record is not None:
        initial.update({key: getattr(record, key) for key in CLUB_KEYS})
    for person_id, row in existing.items():
        initial[f"s{person_id}"] = _plain(row.services)
        initial[f"r{person_id}"] = _plain(row.requested_services)
    form = DayForm(request.POST or None, initial=initial, people=people, locked=lock["locked"])
    if request.method == "POST":
        if lock["locked"] and not lock["may_change"]:
            raise PermissionDenied
        if form.is_valid():
            try:
                entry = services.save_figures(club, {date: form.figures()}, source=Source.FORM, by=viewer,
                                              reason=form.cleaned_data.get("lock_reason", ""))
            except services.FiguresRefused as refused:
                form.add_error("lock_reason" if "lock_reason" in form.fields else None, str(refused))
            else:
                if entry is None:
                    messages.info(request, _("Nothing changed: the figures of %(date)s are as they were.")
                                  % {"date": date.isoformat()})
                else:
                    messages.success(request, _("The figures of %(date)s are saved.") % {"date": date.isoformat()})
                return redirect(_url("business:day", viewer, club, date=date.isoformat()))
        messages.error(request, _("Nothing was saved; see below. What you entered is still there."))
    context = {
        "club": club, "clubs": picker_clubs(viewer), "date": date, "form": form, "record": record,
        "previous": date - datetime.timedelta(days=1),
        "next": date + datetime.timedelta(days=1) if date < club_today(club) else None,
        "club_qs": _query(viewer, club), "lock": lock,
        "month_url": _url("business:figures", viewer, club, month=date.strftime("%Y-%m")),
    }
    return render(request, "business/day.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def import_file(request):
    """Import a file of figures: every row checked first, one wrong row and nothing is imported."""
    viewer, club = figures_club(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors, more = [], 0
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            heading_row, head, rows = importer.read_file(upload)
        except importer.FileProblem as problem:
            form.add_error("file", str(problem))
        else:
            records, errors = importer.records_from_table(heading_row, head, rows)
            figures_, row_errors = importer.check(club, records)
            errors += row_errors
            if not errors:
                try:
                    entry = services.import_figures(club, figures_, source=Source.IMPORT, by=viewer,
                                                    file_name=upload.name, reason=form.cleaned_data["lock_reason"])
                except services.FiguresRefused as refused:
                    errors = [importer.RowError(0, "", str(refused))]
                else:
                    if entry is None:
                        messages.info(request, _("Nothing changed: the file gives the figures already kept."))
                    else:
                        messages.success(request, _("Imported %(file)s. Days: %(days)s; rows changed: %(rows)s.") % {
                            "file": upload.name, "days": entry.days, "rows": entry.rows})
                    first = min(figures_) if figures_ else club_today(club)
                    return redirect(_url("business:figures", viewer, club, month=first.strftime("%Y-%m")))
            more = max(len(errors) - MAX_ERRORS_SHOWN, 0)
    if request.method == "POST":
        messages.error(request, _("Nothing was imported; see the problems below."))
    context = {
        "club": club, "clubs": picker_clubs(viewer), "form": form, "errors": errors[:MAX_ERRORS_SHOWN],
        "more": more, "columns": importer.COLUMNS, "notes": importer.template_notes(),
        "club_qs": _query(viewer, club), "entries": selectors.recent_entries(club),
        "template_date": club_today(club) - datetime.timedelta(days=1),
    }
    return render(request, "business/import.html", context)


@login_required
@require_GET
def template(request):
    """The import template (XLSX, or ``?format=csv``) with a row per technician for ``?date=`` (yesterday)."""
    viewer, club = figures_club(request)
    raw = request.GET.get("date", "")
    day = parse_date(raw) if raw else club_today(club) - datetime.timedelta(days=1)
    if day is None:
        raise Http404
    name = f"figures-{club.code}-{day:%Y-%m-%d}"
    if request.GET.get("format") == "csv":
        response = HttpResponse(importer.template_csv(club, day), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    response = HttpResponse(importer.template_xlsx(club, day),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request):
    """The club's import tokens: create one (shown once), revoke one."""
    viewer, club = figures_club(request)
    form = TokenForm(None if "revoke" in request.POST else (request.POST or None))
    created = None
    if request.method == "POST" and "revoke" in request.POST:
        raw = request.POST["revoke"]
        token = ApiToken.objects.filter(pk=int(raw), club=club).first() if raw.isdecimal() else None
        if token is None:
            raise Http404
        services.token_revoke(token, by=viewer)
        messages.success(request, _("The token “%(name)s” is revoked: it imports nothing any more.")
                         % {"name": token.name})
        return redirect(_url("business:tokens", viewer, club))
    if form.is_valid():
        token, created = services.token_create(club, name=form.cleaned_data["name"], by=viewer)
        form = TokenForm()
    elif form.is_bound:
        messages.error(request, _("No token was made; see below."))
    listed = list(ApiToken.objects.filter(club=club).select_related("created_by", "revoked_by")
                  .annotate(last_used=Max("entries__at")))
    context = {
        "club": club, "clubs": picker_clubs(viewer), "form": form, "tokens": listed, "created": created,
        "club_qs": _query(viewer, club), "endpoint": request.build_absolute_uri(reverse("business:api_import")),
    }
    return render(request, "business/tokens.html", context)


# --- The JSON endpoint ------------------------------------------------------------------------------


def _json_error(status, message, **extra):
    response = JsonResponse({"ok": False, "error": message, **extra}, status=status,
                            json_dumps_params={"ensure_ascii": False})
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="clubops-business"'
    return response


@csrf_exempt  # no session, no cookie: the token in the Authorization header is the only credential
@require_POST
def api_import(request):
    """Import figures for the token's club: ``{"rows": [{"date": ..., ...}, ...]}``; errors as JSON with row numbers."""
    header = request.headers.get("Authorization", "")
    scheme, _space, raw = header.partition(" ")
    if scheme.lower() != "bearer" or not raw.strip():
        return _json_error(401, _("Send the club's import token as “Authorization: Bearer <token>”."))
    token = services.token_for(raw.strip())
    if token is None:
        return _json_error(401, _("This token is not known."))
    if token.is_revoked:
        return _json_error(403, _("This token was revoked; ask the store manager for a new one."))
    try:
        body = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return _json_error(400, _("The body is not JSON."))
    if not isinstance(body, dict) or "rows" not in body:
        return _json_error(400, _("Send an object with “rows”: a list of rows, one per club day or technician day."))
    club = token.club
    records, errors = importer.records_from_json(body["rows"])
    figures_, row_errors = importer.check(club, records)
    errors += row_errors
    if errors:
        return _json_error(400, _("Nothing was imported: %(count)s problems.") % {"count": len(errors)},
                           errors=[e.as_json() for e in errors[:500]])
    try:
        entry = services.import_figures(club, figures_, source=Source.API, token=token)
    except services.FiguresRefused as refused:
        return _json_error(409, str(refused))
    return JsonResponse({"ok": True, "club": club.code, "days": entry.days if entry else 0,
                         "rows_changed": entry.rows if entry else 0, "entry": entry.pk if entry else None},
                        json_dumps_params={"ensure_ascii": False})
