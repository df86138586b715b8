"""Training's panel of the Today page (``staff.registry``), registered by ``TrainingConfig.ready()``.

Each line a link to the page where it is done, read with training's own access rules:

* the sessions the viewer is expected at or trains in the next two weeks (``session_detail``);
* the assessments they are a trainee of and have not passed (``selectors.assessments_to_take``,
  as their training record lists them; ``assessment_detail``);
* for those who run training (``access.runs_training``): today's sessions of the departments they
  run, with whether attendance is taken (``access.session_filter``);
* their level and its expiry, re-certification due from 30 days before (``levels``);
* for the store manager and the owner: rewards and penalties waiting for their decision
  (``access.may_decide_rewards``), per club, linked to the month of the oldest one.

A fixed number of queries whatever the number of people, sessions or records.
"""

import datetime
from urllib.parse import urlencode

from django.db.models import Count, Min, Q

from staff import access as staff_access

from . import access, selectors
from .levels import current_award, recertification_window
from .models import RewardPenalty, TrainingSession

AHEAD_DAYS = 14
SHOWN = 5


def _today(viewer):
    from kernel.clock import chain_today, club_today

    return club_today(viewer.club) if viewer.club_id else chain_today()


def today_panel(viewer):
    today = _today(viewer)
    panel = {"today": today, "sessions": [], "assessments": [], "running": [], "award": None, "rewards": []}
    if viewer.club_id:
        upcoming = (
            TrainingSession.objects.filter(
                Q(attendance__person=viewer) | Q(trainer=viewer),
                club_id=viewer.club_id, status=TrainingSession.Status.SCHEDULED,
                date__gte=today, date__lte=today + datetime.timedelta(days=AHEAD_DAYS),
            )
            .distinct()
            .select_related("trainer")
            .order_by("date", "start", "pk")
        )
        panel["sessions"] = list(upcoming[:SHOWN])
        to_take = list(selectors.assessments_to_take(viewer)[: SHOWN + 1])
        panel["assessments"] = to_take[:SHOWN]
        panel["assessments_more"] = len(to_take) > SHOWN
        if access.runs_training(viewer):
            shown = {s.pk for s in panel["sessions"]}
            running = (
                TrainingSession.objects.filter(access.session_filter(viewer), club_id=viewer.club_id, date=today)
                .exclude(status=TrainingSession.Status.CANCELLED)
                .select_related("trainer")
                .order_by("start", "pk")
            )
            panel["running"] = [s for s in running[: SHOWN + len(shown)] if s.pk not in shown][:SHOWN]
        if viewer.level:
            award = current_award(viewer)
            panel["award"] = award
            panel["level"] = viewer.get_level_display()
            window = recertification_window(award)
            panel["recertify"] = window is not None and window <= today
            panel["expired"] = bool(award and award.expires_on and award.expires_on < today)
    clubs = [c for c in staff_access.visible_clubs(viewer) if access.may_decide_rewards(viewer, c.pk)] \
        if staff_access.is_manager(viewer) else []
    if clubs:
        waiting = (
            RewardPenalty.objects.filter(access.reward_filter(viewer), club__in=clubs,
                                         status=RewardPenalty.Status.PROPOSED)
            .exclude(person=viewer)
            .values("club_id", "club__name")
            .annotate(n=Count("pk"), oldest=Min("date"))
            .order_by("club__name")
        )
        by_id = {c.pk: c for c in clubs}
        for row in waiting:
            query = urlencode(staff_access.club_params(viewer, by_id[row["club_id"]], month=f"{row['oldest']:%Y-%m}"))
            panel["rewards"].append({"club": row["club__name"], "count": row["n"], "query": query,
                                     "several_clubs": len(clubs) > 1})
    needs = panel["sessions"] or panel["assessments"] or panel["running"] or panel["rewards"] \
        or panel.get("recertify") or panel.get("expired")
    if not (needs or panel["award"]):
        return None
    return {"training_today": panel, "today_needs": bool(needs)}
