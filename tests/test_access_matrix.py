"""Every URL pattern, as every persona, against one policy table.

The table says, for each URL name and the object it is opened on, which status each
persona gets. A URL pattern that is not in the table fails ``test_every_url_is_in_the_policy``,
so a new page cannot ship without a decision about who may open it.
"""

import io
import json
import re

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.shortcuts import resolve_url
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from staff.models import Person

pytestmark = pytest.mark.timeless  # who may open what does not depend on the day: a --clock replay leaves it out

PRODUCT_APPS = settings.PRODUCT_APPS

from tests.policy import *  # noqa: F403 -- the personas and the table helpers (expect, club1, club2, ...)
from tests.policy import app_policies

# (url name, target) -> statuses. Target names an object from ``targets`` below, or None.
POLICY = {
    ("home", None): EVERYONE_SIGNED_IN,
    ("healthz", None): expect(200, anonymous=200, left=200, left_login=200),
    ("favicon", None): expect(301, anonymous=301, left=301, left_login=301),
    ("set_language", None): expect(405, anonymous=405, left=405, left_login=405),
    ("login", None): expect(302, anonymous=200, left=200, left_login=(200, 302)),
    ("logout", None): expect(405, anonymous=405, left=405, left_login=405),
    ("password_change", None): EVERYONE_SIGNED_IN,
    ("password_change_done", None): EVERYONE_SIGNED_IN,
    ("staff:club_list", None): expect(403, **{p: 200 for p in MANAGERS}),
    ("staff:club_detail", "club1"): club1(["owner", "store_manager", *HEADS]),
    ("staff:club_detail", "club2"): club2(["owner", "store_manager_2"]),
    ("staff:team_detail", "team_a"): club1(["owner", "store_manager", "supervisor_a", "care_manager", "tech_manager", "dept_manager"]),
    ("staff:team_detail", "team_2"): club2(["owner", "store_manager_2"]),
    ("staff:person_list", None): expect(403, **{p: 200 for p in [*MANAGERS, "supervisor_a", "supervisor_b"]}),
    ("staff:person_add", None): expect(403, owner=200, store_manager=200, store_manager_2=200),
    ("staff:person_detail", "technician"): club1(
        ["owner", "store_manager", "supervisor_a", "care_manager", "tech_manager", "dept_manager", "technician"]
    ),
    ("staff:person_detail", "technician_2"): club2(["owner", "store_manager_2"]),
    # A department head sees the people below them, never a peer head (README, "Who may see what").
    ("staff:person_detail", "dept_manager"): club1(["owner", "store_manager", "dept_manager"]),
    ("staff:person_detail", "tech_manager"): club1(["owner", "store_manager", "care_manager", "tech_manager"]),
    ("staff:person_edit", "technician"): club1(["owner", "store_manager"]),
    ("staff:person_edit", "technician_2"): club2(["owner", "store_manager_2"]),
    ("staff:person_deactivate", "technician"): club1(["owner", "store_manager"]),
    ("staff:person_deactivate", "technician_2"): club2(["owner", "store_manager_2"]),
    ("staff:person_login", "technician"): club1(["owner", "store_manager"]),
    ("staff:person_login", "technician_2"): club2(["owner", "store_manager_2"]),
    ("staff:person_move", "technician"): club1(["owner", "store_manager", "tech_manager", "dept_manager"]),
    ("staff:person_move", "technician_2"): club2(["owner", "store_manager_2"]),
    ("staff:notices", None): EVERYONE_SIGNED_IN,
    # --- setting up a club (staff/setup_views.py)
    ("staff:setup_home", None): expect(403, owner=200, store_manager=200, store_manager_2=200),
    ("staff:club_add", None): expect(403, owner=200),
    ("staff:club_setup", "club1"): club1(["owner", "store_manager"]),
    ("staff:club_setup", "club2"): club2(["owner", "store_manager_2"]),
    ("staff:department_add", "club1"): club1(["owner", "store_manager"]),
    ("staff:department_add", "club2"): club2(["owner", "store_manager_2"]),
    ("staff:team_add", "club1"): club1(["owner", "store_manager"]),
    ("staff:team_add", "club2"): club2(["owner", "store_manager_2"]),
    ("staff:team_supervisor", "team_a"): club1(["owner", "store_manager"]),
    ("staff:team_supervisor", "team_2"): club2(["owner", "store_manager_2"]),
    ("staff:team_close", "team_a"): club1(["owner", "store_manager"]),
    ("staff:team_close", "team_2"): club2(["owner", "store_manager_2"]),
    ("attendance:team_day", None): expect(403, **{p: 200 for p in [
        "owner", "store_manager", "store_manager_2", "marketing", "care_manager", "tech_manager", "dept_manager",
        "supervisor_a", "supervisor_b"]}),
    ("attendance:team_day", "?team_a"): club1(
        ["owner", "store_manager", "supervisor_a", "care_manager", "tech_manager", "dept_manager"]
    ),
    ("attendance:team_day", "?team_2"): club2(["owner", "store_manager_2"]),
    ("attendance:check_in", None): expect(405),
    # --- reports
    ("reports:index", None): expect(403, owner=200, store_manager=200, store_manager_2=200),
    ("reports:monthly", "report_month"): expect(403, owner=200, store_manager=200, store_manager_2=200),
    ("reports:monthly_status", "report_month"): expect(403, owner=200, store_manager=200, store_manager_2=200),
    ("reports:send_again", "report_month"): expect(405),
    ("reports:chain_records", "report_month_late"): expect(403, owner=200, store_manager=200, store_manager_2=200),
    ("reports:club_monthly", "report_club1"): club1(["owner", "store_manager"]),
    ("reports:club_monthly", "report_club2"): club2(["owner", "store_manager_2"]),
    ("reports:club_monthly_status", "report_club1"): club1(["owner", "store_manager"]),
    ("reports:club_monthly_status", "report_club2"): club2(["owner", "store_manager_2"]),
    ("reports:club_records", "report_club1_late"): club1(["owner", "store_manager"]),
    ("reports:club_records", "report_club2_late"): club2(["owner", "store_manager_2"]),
    ("reports:scorecard", "technician"): club1(
        ["owner", "store_manager", "supervisor_a", "care_manager", "tech_manager", "dept_manager", "technician"]
    ),
    ("reports:scorecard", "technician_2"): club2(["owner", "store_manager_2"]),
    ("reports:person_records", "report_person_late"): club1(
        ["owner", "store_manager", "supervisor_a", "care_manager", "tech_manager", "dept_manager", "technician"]
    ),
    ("reports:person_records", "report_person_2_late"): club2(["owner", "store_manager_2"]),
    # --- training
    ("training:calendar", None): EVERYONE_SIGNED_IN,
    ("training:plan_list", None): expect(403, **{p: 200 for p in MANAGERS}),
    ("training:plan_add", None): expect(403, **{p: 200 for p in MANAGERS}),
    ("training:plan_detail", "tr_plan_1"): club1(["owner", "store_manager", "care_manager", "tech_manager", "dept_manager"]),
    ("training:plan_detail", "tr_plan_2"): club2(["owner", "store_manager_2"]),
    ("training:plan_edit", "tr_plan_1"): club1(["owner", "store_manager", "care_manager", "tech_manager", "dept_manager"]),
    ("training:plan_edit", "tr_plan_2"): club2(["owner", "store_manager_2"]),
    ("training:session_add", "tr_plan_1"): club1(["owner", "store_manager", "care_manager", "tech_manager", "dept_manager"]),
    ("training:session_add", "tr_plan_2"): club2(["owner", "store_manager_2"]),
    ("training:session_detail", "tr_session_1"): club1(["owner", "store_manager", "care_manager", "tech_manager", "dept_manager", "technician", "supervisor_a"]),
    ("training:session_detail", "tr_session_2"): club2(["owner", "store_manager_2"]),
    ("training:session_edit", "tr_session_1"): club1(["owner", "store_manager", "care_manager", "tech_manager", "dept_manager"]),
    ("training:session_edit", "tr_session_2"): club2(["owner", "store_manager_2"]),
    ("training:material_upload", "tr_session_1"): expect(405),
    ("training:material_download", "tr_material_1"): club1(["owner", "store_manager", "care_manager", "tech_manager", "dept_manager", "technician", "supervisor_a"]),
    ("training:material_download", "tr_material_2"): club2(["owner", "store_manager_2"]),
    ("training:material_delete", "tr_material_1"): expect(405),
    ("training:assessment_add", "tr_plan_1"): club1(["owner", "store_manager", "care_manager", "tech_manager", "dept_manager"]),
    ("training:assessment_detail", "tr_quiz_1"): club1(["owner", "store_manager", "care_manager", "tech_manager", "dept_manager", "technician"]),
    ("training:assessment_detail", "tr_quiz_2"): club2(["owner", "store_manager_2"]),
    ("training:attempt_start", "tr_quiz_1"): expect(405),
    ("training:handson_score", "tr_handson_1"): club1(["owner", "store_manager", "care_manager", "tech_manager", "dept_manager"]),
    ("training:handson_score", "tr_handson_2"): club2(["owner", "store_manager_2"]),
    ("training:attempt_detail", "tr_attempt_1"): club1(["owner", "store_manager", "care_manager", "tech_manager", "dept_manager", "technician"]),
    ("training:attempt_detail", "tr_attempt_2"): club2(["owner", "store_manager_2"]),
    ("training:attempt_mark", "tr_attempt_1"): club1(["owner", "store_manager", "care_manager", "tech_manager", "dept_manager"]),
    ("training:attempt_mark", "tr_attempt_2"): club2(["owner", "store_manager_2"]),
    ("training:question_list", None): expect(403, **{p: 200 for p in MANAGERS}),
    ("training:question_add", None): expect(403, **{p: 200 for p in MANAGERS}),
    # The bank is a department's (tr_question_1: the massage technicians'): not the marketing director's.
    ("training:question_edit", "tr_question_1"): club1(["owner", "store_manager", "care_manager", "tech_manager",
                                                        "dept_manager"]),
    ("training:question_edit", "tr_question_2"): club2(["owner", "store_manager_2"]),
    ("training:level_settings", None): expect(403, **{p: 200 for p in [
        "owner", "store_manager", "store_manager_2", "care_manager", "tech_manager", "dept_manager"]}),
    ("training:level_requirement_delete", "tr_requirement_1"): expect(405),
    ("training:competition_list", None): EVERYONE_SIGNED_IN,
    ("training:competition_add", None): expect(403, **{p: 200 for p in MANAGERS}),
    ("training:competition_detail", "tr_competition_1"): club1(["owner", "store_manager", *HEADS, "supervisor_a"]),
    ("training:competition_detail", "tr_competition_2"): club2(["owner", "store_manager_2"]),
    ("training:competition_score", "tr_competition_1"): club1(["tech_manager", "supervisor_a"]),
    ("training:competition_score", "tr_competition_2"): {**club2(["store_manager_2"]), "owner": 403},
    ("training:competition_finish", "tr_competition_1"): expect(405),
    ("training:reward_list", None): expect(200, technician=403, customer_manager=403),
    ("training:reward_decide", "tr_reward_1"): expect(405),
    ("training:person_record", "technician"): club1(
        ["owner", "store_manager", "supervisor_a", "care_manager", "tech_manager", "dept_manager", "technician"]),
    ("training:person_record", "technician_2"): club2(["owner", "store_manager_2"]),
    # --- meetings
    ("meetings:home", None): EVERYONE_SIGNED_IN,
    ("meetings:my_action_items", None): EVERYONE_SIGNED_IN,
    ("meetings:action_item_update", "mt_item_1"): expect(405),
    ("meetings:series_list", None): EVERYONE_SIGNED_IN,
    ("meetings:series_add", None): expect(403, **{p: 200 for p in MANAGERS}),
    ("meetings:series_detail", "mt_series_1"): club1(["owner", "store_manager", "marketing", "customer_manager"]),
    ("meetings:series_detail", "mt_series_2"): club2(["owner", "store_manager_2"]),
    ("meetings:series_edit", "mt_series_1"): club1(["owner", "store_manager", "marketing"]),
    ("meetings:series_edit", "mt_series_2"): club2(["owner", "store_manager_2"]),
    ("meetings:meeting_add", "mt_series_1"): club1(["owner", "store_manager", "marketing"]),
    ("meetings:meeting_detail", "mt_meeting_1"): club1(["owner", "store_manager", "marketing", "customer_manager"]),
    ("meetings:meeting_detail", "mt_meeting_2"): club2(["owner", "store_manager_2"]),
    ("meetings:meeting_attendance", "mt_meeting_1"): club1(["owner", "store_manager", "marketing"]),
    ("meetings:meeting_attendance", "mt_meeting_2"): club2(["owner", "store_manager_2"]),
    ("meetings:meeting_minutes", "mt_meeting_1"): expect(405),
    ("meetings:decision_add", "mt_meeting_1"): expect(405),
    ("meetings:decision_edit", "mt_decision_1"): expect(405),
    ("meetings:action_item_add", "mt_meeting_1"): expect(405),
    ("meetings:meeting_move", "mt_meeting_1"): club1(["owner", "store_manager", "marketing"]),
    ("meetings:meeting_cancel", "mt_meeting_1"): club1(["owner", "store_manager", "marketing"]),
    ("meetings:meeting_finalise", "mt_meeting_1"): expect(405),
    ("meetings:meeting_pdf", "mt_meeting_1"): club1(["owner", "store_manager", "marketing", "customer_manager"]),
    ("meetings:meeting_pdf", "mt_meeting_2"): club2(["owner", "store_manager_2"]),
    ("meetings:report", "mt_summary_1"): club1(["owner", "store_manager", "marketing"]),
    ("meetings:report", "mt_summary_2"): club2(["owner", "store_manager_2"]),
    ("meetings:report_pdf", "mt_summary_1"): club1(["owner", "store_manager", "marketing"]),
    ("meetings:report_pdf", "mt_summary_2"): club2(["owner", "store_manager_2"]),
    ("meetings:report_list", None): EVERYONE_SIGNED_IN,
    # --- duties
    ("duties:my_checklists", None): EVERYONE_SIGNED_IN,
    ("duties:item_tick", "item_a"): expect(405),
    ("duties:review", None): expect(200, technician=403, customer_manager=403),
    ("duties:review_close", None): expect(405),
    ("duties:checklist_detail", "checklist_a"): club1(
        ["owner", "store_manager", "supervisor_a", "care_manager", "tech_manager", "dept_manager"]
    ),
    ("duties:catalogue", None): expect(403, **{p: 200 for p in MANAGERS}),
    # a record's change history: the owner and the record's store manager
    ("staff:record_history", "history_checklist_a"): club1(["owner", "store_manager"]),
    ("staff:record_history", "history_holiday_2"): club2(["owner", "store_manager_2"]),
    ("duties:duty_edit", "duty_1"): club1(["owner", "store_manager"]),
    ("duties:duty_edit", "duty_2"): club2(["owner", "store_manager_2"]),
    ("duties:duty_move", "duty_1"): expect(405),
    ("duties:duty_retire", "duty_1"): expect(405),
    # --- attendance: roster, shifts, holidays
    ("attendance:shift_list", None): expect(403, **{p: 200 for p in MANAGERS}),
    ("attendance:shift_edit", "shift_1"): club1(["owner", "store_manager"]),
    ("attendance:shift_edit", "shift_2"): club2(["owner", "store_manager_2"]),
    ("attendance:roster_week", None): expect(403, **{p: 200 for p in [
        "owner", "store_manager", "store_manager_2", "marketing", "care_manager", "tech_manager", "dept_manager",
        "supervisor_a", "supervisor_b"]}),
    ("attendance:roster_week", "?team_a"): club1(
        ["owner", "store_manager", "supervisor_a", "care_manager", "tech_manager", "dept_manager"]
    ),
    ("attendance:roster_week", "?team_2"): club2(["owner", "store_manager_2"]),
    ("attendance:holiday_list", None): expect(403, **{p: 200 for p in MANAGERS}),
    ("attendance:holiday_delete", "holiday_1"): expect(405),
    ("attendance:holiday_delete", "holiday_2"): expect(405),
    ("attendance:policy_edit", None): expect(403, owner=200, store_manager=200, store_manager_2=200),
    # --- attendance: hygiene, consumables, service quality
    ("attendance:hygiene_day", None): expect(403, **{p: 200 for p in FLOOR_KEEPERS}),
    ("attendance:area_list", None): expect(403, owner=200, store_manager=200, store_manager_2=200),
    ("attendance:area_add", None): expect(403, owner=200, store_manager=200, store_manager_2=200),
    ("attendance:area_edit", "area_1"): club1(["owner", "store_manager"]),
    ("attendance:area_edit", "area_2"): club2(["owner", "store_manager_2"]),
    ("attendance:consumable_list", None): expect(403, **{p: 200 for p in FLOOR_KEEPERS}),
    ("attendance:consumable_receive", None): expect(403, **{p: 200 for p in [
        "owner", "store_manager", "store_manager_2", "care_manager", "tech_manager", "dept_manager"]}),
    ("attendance:consumable_issue", None): expect(403, **{p: 200 for p in FLOOR_KEEPERS}),
    ("attendance:consumable_item_add", None): expect(403, owner=200, store_manager=200, store_manager_2=200),
    ("attendance:consumable_item_edit", "consumable_1"): club1(["owner", "store_manager"]),
    ("attendance:consumable_item_edit", "consumable_2"): club2(["owner", "store_manager_2"]),
    ("attendance:consumable_issues", None): expect(403, **{p: 200 for p in FLOOR_KEEPERS}),
    ("attendance:quality", None): expect(403, **{p: 200 for p in [*FLOOR_KEEPERS, "technician"]}),
    ("attendance:quality_check", None): expect(403, **{p: 200 for p in FLOOR_KEEPERS}),
    ("attendance:quality_feedback", None): expect(403, **{p: 200 for p in FLOOR_KEEPERS}),
    # --- attendance: statistics, follow-up, month lock
    ("attendance:stats_daily", None): expect(403, **{p: 200 for p in [*MANAGERS, "supervisor_a", "supervisor_b"]}),
    ("attendance:stats_daily", "?team_a"): club1(
        ["owner", "store_manager", "supervisor_a", "care_manager", "tech_manager", "dept_manager"]),
    ("attendance:stats_daily", "?team_2"): club2(["owner", "store_manager_2"]),
    ("attendance:stats_monthly", None): expect(403, **{p: 200 for p in [*MANAGERS, "supervisor_a", "supervisor_b"]}),
    ("attendance:stats_monthly", "?team_a"): club1(
        ["owner", "store_manager", "supervisor_a", "care_manager", "tech_manager", "dept_manager"]),
    ("attendance:stats_monthly", "?team_2"): club2(["owner", "store_manager_2"]),
    ("attendance:followup", None): expect(403, **{p: 200 for p in [*MANAGERS, "supervisor_a", "supervisor_b"]}),
    ("attendance:followup", "?team_a"): club1(
        ["owner", "store_manager", "supervisor_a", "care_manager", "tech_manager", "dept_manager"]),
    ("attendance:followup", "?team_2"): club2(["owner", "store_manager_2"]),
    ("attendance:followup_talk", "technician"): club1(
        ["owner", "store_manager", "care_manager", "tech_manager", "dept_manager"]),
    ("attendance:followup_talk", "technician_2"): club2(["owner", "store_manager_2"]),
    ("attendance:month_lock", None): expect(403, owner=200, store_manager=200, store_manager_2=200),
}



# The owner's club picker (``?club=``) and one person's page (``?person=``), opened by everyone.
POLICY.update({
    (name, "?club=club2"): other_club(POLICY[(name, None)])
    for name in [
        "attendance:hygiene_day", "attendance:consumable_list", "attendance:consumable_issues", "attendance:quality",
        "attendance:stats_daily", "attendance:stats_monthly", "attendance:followup", "attendance:shift_list",
        "attendance:holiday_list", "attendance:policy_edit", "training:calendar",
    ]
})
POLICY.update({
    (name, "?club=club2"): other_club(POLICY[(name, None)], refused_first=True)
    for name in ["training:plan_list", "training:reward_list"]
})
POLICY.update({
    ("attendance:quality", "?person=technician"): club1(
        ["owner", "store_manager", "supervisor_a", "care_manager", "tech_manager", "dept_manager", "technician"]),
    ("attendance:quality", "?person=technician_2"): club2(["owner", "store_manager_2"]),
})

# Query-string variants of a URL in POLICY: the same page as a download (``?format=``), on another
# day, month or page of a list, or filtered. Every persona opens each and must get the statuses of
# the base entry; the page-text check reads them too. ``{name}`` in a query is target ``name``'s pk.
EXPORTS = ["format=pdf", "format=xlsx", "format=json"]
READY = ["format=pdf&ready=1", "format=xlsx&ready=1"]  # a download button asks whether its file is made: JSON
VARIANTS = {
    ("reports:monthly", "report_month"): [*EXPORTS, *READY],
    ("reports:club_monthly", "report_club1"): [*EXPORTS, *READY],
    ("reports:club_monthly", "report_club2"): [*EXPORTS, *READY],
    ("reports:chain_records", "report_month_late"): ["page=2", "position=technician"],
    ("reports:club_records", "report_club1_late"): ["page=2", "position=technician"],
    ("reports:club_records", "report_club2_late"): ["page=2"],
    ("reports:person_records", "report_person_late"): ["page=2"],
    ("reports:person_records", "report_person_2_late"): ["page=2"],
    ("attendance:stats_monthly", None): ["format=xlsx", "format=xlsx&ready=1", "month=2026-01", "month=March"],
    ("attendance:stats_monthly", "?team_a"): ["format=xlsx", "format=xlsx&ready=1"],
    ("attendance:stats_monthly", "?team_2"): ["format=xlsx", "format=xlsx&ready=1"],
    ("attendance:stats_monthly", "?club=club2"): ["format=xlsx", "format=xlsx&ready=1"],
    ("attendance:stats_daily", None): ["date=2026-01-05", "date=never"],
    ("attendance:team_day", None): ["date=2026-01-05"],
    ("attendance:roster_week", None): ["week=2026-01-05"],
    ("attendance:holiday_list", None): ["year=2025"],
    ("attendance:hygiene_day", None): ["date=2026-01-05"],
    ("attendance:consumable_issues", None): ["month=2026-01", "page=2"],
    ("attendance:followup", None): ["month=2026-01", "page=2"],
    ("staff:person_list", None): ["q=Two", "q=Tech&status=left", "page=2"],
    ("training:calendar", None): ["month=2026-01"],
    ("training:reward_list", None): ["month=2026-01"],
    ("training:question_list", None): ["topic=theory"],
    ("meetings:home", None): ["mine=1"],
    ("meetings:meeting_pdf", "mt_meeting_1"): ["ready=1"],
    ("meetings:meeting_pdf", "mt_meeting_2"): ["ready=1"],
    ("meetings:report_pdf", "mt_summary_1"): ["ready=1"],
    ("meetings:report_pdf", "mt_summary_2"): ["ready=1"],
    ("duties:review", None): ["period=week&date=2026-01-05"],
    ("duties:catalogue", None): ["position=technician"],
}

# Where a POST is decided differently from a GET (e.g. everyone may read a list, few may add to
# it; or a URL that takes only POST). OK (or 200) marks a permitted POST; others are the refusal status.
POST_POLICY = {
    # --- POST policy: reports
    ("reports:send_again", "report_month"): expect(403, owner=OK),
    # --- POST policy: training
    ("training:plan_add", None): expect(403, **{p: OK for p in MANAGERS}),
    ("training:session_detail", "tr_session_1"): club1(["owner", "store_manager", "care_manager", "tech_manager", "dept_manager"]),
    ("training:material_upload", "tr_session_1"): club1(["owner", "store_manager", "care_manager", "tech_manager", "dept_manager"]),
    ("training:material_delete", "tr_material_1"): club1(["owner", "store_manager", "care_manager", "tech_manager", "dept_manager"]),
    ("training:attempt_start", "tr_quiz_1"): club1(["technician"]),
    ("training:level_requirement_delete", "tr_requirement_1"): club1(["owner", "store_manager", "care_manager", "tech_manager", "dept_manager"]),
    ("training:competition_finish", "tr_competition_1"): club1(["owner", "store_manager", *HEADS]),
    ("training:reward_decide", "tr_reward_1"): club1(["owner", "store_manager"]),
    # --- POST policy: meetings
    ("meetings:action_item_update", "mt_item_1"): club1(["owner", "store_manager", "marketing", "customer_manager"]),
    ("meetings:series_list", None): expect(403, owner=OK, store_manager=OK, store_manager_2=OK),
    ("meetings:meeting_minutes", "mt_meeting_1"): club1(["owner", "store_manager", "marketing"]),
    ("meetings:decision_add", "mt_meeting_1"): club1(["owner", "store_manager", "marketing"]),
    ("meetings:decision_edit", "mt_decision_1"): club1(["owner", "store_manager", "marketing"]),
    ("meetings:action_item_add", "mt_meeting_1"): club1(["owner", "store_manager", "marketing"]),
    ("meetings:meeting_finalise", "mt_meeting_1"): club1(["marketing"]),
    ("meetings:report", "mt_summary_1"): club1(["marketing"]),
    ("duties:item_tick", "item_a"): club1(["supervisor_a"]),
    ("duties:review_close", None): expect(OK, technician=403, customer_manager=403),
    ("duties:checklist_detail", "checklist_a"): club1(
        ["owner", "store_manager", "care_manager", "tech_manager", "dept_manager"]
    ),
    ("duties:catalogue", None): expect(403, owner=OK, store_manager=OK, store_manager_2=OK),
    ("duties:duty_move", "duty_1"): club1(["owner", "store_manager"]),
    ("duties:duty_retire", "duty_1"): club1(["owner", "store_manager"]),
    ("attendance:check_in", None): expect(OK),
    ("attendance:shift_list", None): expect(403, owner=OK, store_manager=OK, store_manager_2=OK),
    ("attendance:holiday_list", None): expect(403, owner=OK, store_manager=OK, store_manager_2=OK),
    ("attendance:holiday_delete", "holiday_1"): club1(["owner", "store_manager"]),
    ("attendance:holiday_delete", "holiday_2"): club2(["owner", "store_manager_2"]),
}

# Django's admin is one decision: staff users only (in the demo, the owner). Its URLs
# are checked through a few representative pages.
ADMIN_NAMESPACE = "admin"
ADMIN_SAMPLES = [("admin:index", None), ("admin:staff_person_changelist", None), ("admin:staff_person_change", "technician")]
ADMIN_POLICY = expect(302, owner=200)

# A valid-looking POST body per changing URL, for the check that a refused POST changes nothing.
POST_BODIES = {
    "staff:person_add": {"name": "Intruder", "gender": "female", "hire_date": "2024-01-01", "position": "technician"},
    "staff:person_edit": {"name": "Renamed", "gender": "male", "hire_date": "2024-01-01", "position": "technician"},
    "staff:person_deactivate": {"left_on": "2024-06-01"},
    "staff:person_login": {"username": "newlogin", "password1": "Very-long-pass-123", "password2": "Very-long-pass-123"},
    "staff:person_move": {"team": "TEAM_B"},
    "staff:notices": {"all": "1"},
    "staff:club_add": {"name": "Intruder club", "code": "intruder", "time_zone": "Asia/Shanghai"},
    "staff:department_add": {"kind": "care"},
    "staff:team_add": {"name": "Intruder team"},
    "staff:team_supervisor": {"supervisor": "1"},
    "staff:team_close": {"move_to": "TEAM_B"},
    "attendance:team_day": {"PERSON_ROWS": "worked"},
    "attendance:check_in": {"action": "in"},
    # --- attendance: roster, shifts, holidays
    "attendance:shift_list": {"name": "Intruder shift", "start": "09:00", "end": "17:00"},
    "attendance:shift_edit": {"name": "Renamed", "start": "09:00", "end": "17:00", "is_active": "on"},
    "attendance:roster_week": {"action": "copy"},
    "attendance:holiday_list": {"date": "2026-12-25", "kind": "holiday", "name": "Intruder day"},
    "attendance:holiday_delete": {},
    "attendance:policy_edit": {"arrival_grace_minutes": "30", "leaving_grace_minutes": "30",
                               "talk_after_late_count": "9", "talk_after_absences": "9"},
    # --- POST bodies: reports
    "reports:send_again": {},
    # --- POST bodies: training
    "training:plan_add": {"title": "Intruder plan", "topic": "theory", "goals": "x", "starts_on": "2026-01-01",
                          "ends_on": "2026-02-01"},
    "training:plan_edit": {"title": "Intruder plan", "topic": "theory", "goals": "x", "starts_on": "2026-01-01",
                           "ends_on": "2026-02-01"},
    "training:session_add": {"subject": "Intruder", "date": "2026-01-05", "start": "10:00", "end": "11:00",
                             "place": "Hall"},
    "training:session_detail": {"a1-status": "present"},
    "training:session_edit": {"action": "cancel"},
    "training:material_upload": {"name": "Intruder", "file": "FILE"},
    "training:material_delete": {},
    "training:assessment_add": {"title": "Intruder quiz", "kind": "quiz", "pass_mark": "60", "max_attempts": "3",
                                "question_count": "5", "assessors_required": "1"},
    "training:attempt_start": {},
    "training:handson_score": {"note": "Intruder"},
    "training:attempt_detail": {},
    "training:attempt_mark": {},
    "training:question_add": {"topic": "theory", "kind": "short", "text": "Intruder?", "points": "1"},
    "training:question_edit": {"topic": "theory", "kind": "short", "text": "Intruder?", "points": "1"},
    "training:level_settings": {"action": "policy", "level_valid_months": "1"},
    "training:level_requirement_delete": {},
    "training:competition_add": {"name": "Intruder contest", "kind": "knowledge", "held_on": "2026-01-05",
                                 "tie_break": "shared", "rounds": "One"},
    "training:competition_score": {},
    "training:competition_finish": {},
    "training:reward_list": {"date": "2026-01-05", "kind": "reward", "category": "other", "reason": "Intruder",
                             "points": "5"},
    "training:reward_decide": {"decision": "approve"},
    # --- POST bodies: meetings
    "meetings:series_list": {},
    "meetings:series_add": {"title": "Intruder series", "kind": "daily", "frequency": "daily", "time": "10:00",
                            "duration_minutes": "30", "starts_on": "2026-01-01", "day_rule": "day",
                            "day_of_month": "1", "month_in_period": "1"},
    "meetings:series_edit": {"title": "Renamed series", "kind": "daily", "frequency": "daily", "time": "10:00",
                             "duration_minutes": "30", "starts_on": "2026-01-01", "day_rule": "day",
                             "day_of_month": "1", "month_in_period": "1"},
    "meetings:meeting_add": {"date": "2030-01-02", "time": "10:00", "duration_minutes": "30", "title": "Intruder"},
    "meetings:meeting_attendance": {"guest_status": "present", "guest_note": "intruder"},
    "meetings:meeting_minutes": {"minutes": "Intruder minutes"},
    "meetings:decision_add": {"text": "Intruder decision"},
    "meetings:decision_edit": {"text": ""},
    "meetings:action_item_add": {"what": "Intruder item", "owner": "1", "due": "2030-01-01"},
    "meetings:action_item_update": {"status": "done", "note": "intruder"},
    "meetings:meeting_move": {"date": "2030-01-01", "time": "10:00", "duration_minutes": "30", "reason": "intruder"},
    "meetings:meeting_cancel": {"reason": "intruder"},
    "meetings:meeting_finalise": {},
    "meetings:report": {"action": "save", "analysis": "intruder", "plan": "intruder"},
    "duties:item_tick": {"state": "done", "note": "intruder"},
    "duties:review_close": {"state": "na", "note": "intruder", "period": "month", "date": "2026-01-05"},
    "duties:checklist_detail": {"comment": "intruder"},
    "duties:catalogue": {"text_en": "Intruder duty", "cadence": "daily"},
    "duties:duty_edit": {"text_en": "Intruder wording", "cadence": "daily"},
    "duties:duty_move": {"direction": "down"},
    "duties:duty_retire": {"active": "0"},
    # --- POST bodies: hygiene, consumables, service quality
    "attendance:hygiene_day": {"a1-item_1": "on", "a1-note": "Intruder check"},
    "attendance:area_add": {"name": "Intruder area", "responsible": "1", "order": "1", "is_active": "on"},
    "attendance:area_edit": {"name": "Renamed area", "responsible": "1", "order": "1", "is_active": "on"},
    "attendance:consumable_receive": {"receive-item": "1", "receive-quantity": "5",
                                      "receive-received_on": "2026-01-05"},
    "attendance:consumable_issue": {"issue-item": "1", "issue-technician": "1", "issue-quantity": "1"},
    "attendance:consumable_item_add": {"name": "Intruder cream", "unit": "bottle", "low_stock_threshold": "1"},
    "attendance:consumable_item_edit": {"name": "Renamed cream", "unit": "bottle", "low_stock_threshold": "1"},
    "attendance:quality_check": {"technician": "1", "date": "2026-01-05", "score_1": "1", "note": "Intruder"},
    "attendance:quality_feedback": {"technician": "1", "date": "2026-01-05", "kind": "complaint", "said": "Intruder",
                                    "action": "None"},
    # --- POST bodies: statistics, follow-up, month lock
    "attendance:followup_talk": {"held_on": "2024-01-10", "cause": "Intruder", "help_agreed": "Intruder"},
    "attendance:month_lock": {"month": "2024-01", "confirm": "on"},
}


# Apps that keep their own part of the table (``<app>/tests/access_policy.py``: POLICY, and optionally
# VARIANTS, POST_POLICY, POST_BODIES and ``targets(world)`` for the objects their pages open).
APP_POLICIES = app_policies(PRODUCT_APPS)
for _module in APP_POLICIES:
    for _table, _part in ((POLICY, "POLICY"), (VARIANTS, "VARIANTS"), (POST_POLICY, "POST_POLICY"),
                          (POST_BODIES, "POST_BODIES")):
        _extra = getattr(_module, _part, {})
        assert not set(_extra) & set(_table), f"{_module.__name__}.{_part} repeats an entry"
        _table.update(_extra)


@pytest.fixture(autouse=True)
def app_objects(request):
    """The objects that the apps' own parts of the table open (``targets(world)`` in their access_policy)."""
    if "world" not in request.fixturenames:
        return
    settings = request.getfixturevalue("settings")
    settings.MEDIA_ROOT = str(request.getfixturevalue("tmp_path") / "media")
    world = request.getfixturevalue("world")
    for module in APP_POLICIES:
        if hasattr(module, "targets"):
            world.targets.update(module.targets(world))


def all_url_names(patterns=None, namespace=None):
    names = []
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(filter(None, [namespace, entry.namespace])) or None
            names += all_url_names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            name = entry.name or f"<unnamed {entry.pattern}>"
            names.append(f"{namespace}:{name}" if namespace else name)
    return names


def test_every_url_is_in_the_policy():
    covered = {name for name, _target in POLICY}
    missing = [
        name
        for name in all_url_names()
        if name not in covered and not name.startswith(ADMIN_NAMESPACE + ":")
    ]
    assert missing == [], f"URL patterns with no entry in the access policy: {missing}"


@pytest.fixture(autouse=True)
def floor_objects(request):
    """An area and a consumable in each club, for the pages that open one (``world`` has none of its own)."""
    if "world" not in request.fixturenames:
        return
    from attendance.models import Area, ConsumableItem

    world = request.getfixturevalue("world")
    world.targets.update({
        "area_1": Area.objects.create(club=world.club1, name="Room 1", responsible=world.technician),
        "area_2": Area.objects.create(club=world.club2, name="Room 1", responsible=world.technician_2),
        "consumable_1": ConsumableItem.objects.create(club=world.club1, name="Massage cream", unit="bottle", stock=5),
        "consumable_2": ConsumableItem.objects.create(club=world.club2, name="Massage cream", unit="bottle", stock=5),
    })


@pytest.fixture(autouse=True)
def training_objects(request):
    """Training's objects in each club for the pages that open one (``tr_`` targets); files go to a temporary MEDIA_ROOT."""
    if "world" not in request.fixturenames:
        return
    from training.tests.factories import training_targets

    settings = request.getfixturevalue("settings")
    settings.MEDIA_ROOT = str(request.getfixturevalue("tmp_path") / "media")
    world = request.getfixturevalue("world")
    world.targets.update(training_targets(world))


@pytest.fixture(autouse=True)
def meeting_objects(request):
    """Meetings' objects in each club for the pages that open one (``mt_`` targets)."""
    if "world" not in request.fixturenames:
        return
    from meetings.tests.targets import meeting_targets

    world = request.getfixturevalue("world")
    world.targets.update(meeting_targets(world))


@pytest.fixture(autouse=True)
def report_objects(request):
    """reports: last month and the path arguments of the report's pages (a tuple is several arguments)."""
    if "world" not in request.fixturenames:
        return
    import types

    from django.utils import timezone

    from kernel.months import month_start, previous_month

    world = request.getfixturevalue("world")
    month = f"{previous_month(month_start(timezone.localdate(timezone=world.club1.zone))):%Y-%m}"

    def path(*args):
        return types.SimpleNamespace(pk=args if len(args) > 1 else args[0])

    world.targets.update({
        "report_month": path(month),
        "report_month_late": path(month, "late"),
        "report_club1": path(month, world.club1.pk),
        "report_club2": path(month, world.club2.pk),
        "report_club1_late": path(month, world.club1.pk, "late"),
        "report_club2_late": path(month, world.club2.pk, "late"),
        "report_person_late": path(world.technician.pk, month, "late"),
        "report_person_2_late": path(world.technician_2.pk, month, "late"),
        "history_checklist_a": path("duties.checklist", world.checklist_a.pk),
        "history_holiday_2": path("staff.holiday", world.holiday_2.pk),
    })


def targets(world):
    return {
        "club1": world.club1.pk,
        "club2": world.club2.pk,
        "team_a": world.team_a.pk,
        "team_2": world.team_2.pk,
        "technician": world.technician.pk,
        "technician_2": world.technician_2.pk,
        "dept_manager": world.dept_manager.pk,
        "tech_manager": world.tech_manager.pk,
        "shift_1": world.shift_1.pk,
        "shift_2": world.shift_2.pk,
        "holiday_1": world.holiday_1.pk,
        "holiday_2": world.holiday_2.pk,
        "duty_1": world.duty_1.pk,
        "duty_2": world.duty_2.pk,
        "checklist_a": world.checklist_a.pk,
        "item_a": world.item_a.pk,
        **{name: obj.pk for name, obj in world.targets.items()},
    }


def url_for(name, target, world):
    """The URL of ``name`` for ``target``: a path argument, ``?team=<pk>`` for a "?team_x" target, or
    ``?key=<pk>`` for a "?key=target" one."""
    if target and target.startswith("?"):
        key, _, obj = target[1:].rpartition("=")
        return f"{reverse(name)}?{key or 'team'}={targets(world)[obj]}"
    value = targets(world)[target] if target else None
    # reports: a tuple names several path arguments (a month and a club, a figure)
    return reverse(name, args=[] if value is None else list(value) if isinstance(value, tuple) else [value])


def gets(world):
    """(label, URL, statuses) of every GET the matrix makes: each POLICY entry and its VARIANTS."""
    known = targets(world)
    for (name, target), statuses in POLICY.items():
        url = url_for(name, target, world)
        yield f"{name}[{target}]", url, statuses
        for query in VARIANTS.get((name, target), ()):
            query = query.format(**known)
            yield f"{name}[{target}]?{query}", f"{url}{'&' if '?' in url else '?'}{query}", statuses


def status_matches(response, expected, persona):
    """Whether ``response`` is what the policy says; a sign-in redirect must go to the sign-in page."""
    if isinstance(expected, tuple):  # any of these
        return any(status_matches(response, one, persona) for one in expected)
    logins = (resolve_url(settings.LOGIN_URL), reverse("admin:login"))
    to_login = response.status_code == 302 and response["Location"].startswith(logins)
    if expected == REFUSED:
        return to_login or response.status_code == 403
    if expected == 302 and SIGNED_OUT.get(persona) == 302 and response.request["PATH_INFO"] not in logins:
        return to_login
    return response.status_code == expected


def sign_in(client, world, persona):
    client.logout()
    if persona != "anonymous":
        client.force_login(getattr(world, persona).user)


# Tables a refused request may write: the session it carries and the sign-in throttle's records.
BOOKKEEPING_TABLES = {"django_session", "axes_accessattempt", "axes_accesslog", "axes_accessfailurelog"}
# Statements that change nothing: reads, and the savepoints Django wraps a request's work in.
# PostgreSQL reads a query run with ``.iterator()`` through a server-side cursor: ``DECLARE … CURSOR … FOR SELECT``,
# and the signed-in user through a prepared statement (``EXECUTE clubops_lookup_N``: ``kernel.compiled`` prepares
# only the SELECT of a queryset, and checks that it is one).
READ_ONLY_SQL = re.compile(
    r"\s*(SELECT|SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK TO SAVEPOINT|SET|SHOW|EXECUTE\s+clubops_lookup_\d+"
    r"|DECLARE\s+\S+(\s+NO)?(\s+SCROLL)?\s+CURSOR(\s+WITH(OUT)?\s+HOLD)?\s+FOR\s+SELECT)\b", re.I)
WRITE_SQL = re.compile(r'\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+"?([\w.]+)"?', re.I)


def data_writes(queries):
    """The SQL statements among ``queries`` (a CaptureQueriesContext's) that may change data outside the
    bookkeeping tables: every INSERT, UPDATE or DELETE elsewhere, and any other statement that is not a read.
    Stronger than comparing the rows before and after: a write that is rolled back, or that rewrites a row
    with its own values, shows too."""
    found = []
    for query in queries:
        sql = query["sql"]
        if READ_ONLY_SQL.match(sql):
            continue
        write = WRITE_SQL.match(sql)
        if write and write.group(1).split(".")[-1] in BOOKKEEPING_TABLES:
            continue
        found.append(sql)
    return found


def test_every_variant_has_a_base_entry():
    assert [key for key in VARIANTS if key not in POLICY] == []


@pytest.fixture(autouse=True)
def left_with_login(request):
    """``left_login``: a person of club 1 marked as left whose login was never switched off."""
    if "world" not in request.fixturenames:
        return
    from tests.factories import PersonFactory, UserFactory

    world = request.getfixturevalue("world")
    world.left_login = PersonFactory(
        user=UserFactory(username="left_login"), name="Left Keeps Login", club=world.club1,
        department=world.technician.department, status=Person.Status.LEFT, left_on=world.technician.hire_date,
    )
    assert world.left_login.user.is_active


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_gets_what_the_policy_says(client, world, persona):
    """Every GET of the table gets the persona's status; for everyone of club 1, every page and download
    they may open never names what exists only in club 2 (read in the same walk, so each page is opened once)."""
    club_two_names = club_two_only_names() if persona in CLUB_ONE else None
    if club_two_names is not None:
        assert {"Manager Two", "Supervisor Two", "Tech Two", "Club Two", "Team Two"} <= set(club_two_names)
    sign_in(client, world, persona)
    failures = []
    opened = 0
    for label, url, statuses in gets(world):
        response = client.get(url)
        if not status_matches(response, statuses[persona], persona):
            failures.append(f"GET {label}: expected {statuses[persona]}, got {response.status_code}")
        elif club_two_names is not None and statuses[persona] == 200:
            content = page_text(response)
            leaked = [n for n in club_two_names if n in content]
            if leaked:
                failures.append(f"{persona} sees {leaked} on {label}")
            opened += 1
    if club_two_names is not None:
        assert opened >= 10, f"{persona} opened only {opened} pages"
    for name, target in ADMIN_SAMPLES:
        response = client.get(url_for(name, target, world))
        if not status_matches(response, ADMIN_POLICY[persona], persona):
            failures.append(f"GET {name}[{target}]: expected {ADMIN_POLICY[persona]}, got {response.status_code}")
    assert failures == [], "\n".join(failures)


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_refused_post_changes_nothing(client, world, persona):
    sign_in(client, world, persona)
    for (name, target), statuses in POLICY.items():
        if name not in POST_BODIES:
            continue
        expected = POST_POLICY.get((name, target), statuses)[persona]
        if expected in (OK, 200):
            continue
        body = {k: (world.team_b.pk if v == "TEAM_B" else v) for k, v in POST_BODIES[name].items()}
        if "PERSON_ROWS" in body:
            body = {f"p{p.pk}-presence": "worked" for p in Person.objects.filter(position="technician")}
        if body.get("file") == "FILE":
            body["file"] = SimpleUploadedFile("intruder.pdf", b"%PDF-1.4 intruder", content_type="application/pdf")
        with CaptureQueriesContext(connection) as ran:
            response = client.post(url_for(name, target, world), body)
        assert status_matches(response, expected, persona), f"POST {name}[{target}] as {persona}"
        writes = data_writes(ran.captured_queries)
        assert writes == [], f"POST {name}[{target}] as {persona} wrote: {writes[:3]}"


def test_the_write_check_sees_a_post_that_saves(client, world):
    """The refused-POST check above reads the SQL a request runs: a POST that saves must show there."""
    from staff.models import Holiday

    sign_in(client, world, "store_manager")
    with CaptureQueriesContext(connection) as ran:
        response = client.post(url_for("attendance:holiday_list", None, world), POST_BODIES["attendance:holiday_list"])
    assert response.status_code == 302
    assert Holiday.objects.filter(name="Intruder day").exists()
    writes = data_writes(ran.captured_queries)
    assert any(Holiday._meta.db_table in sql for sql in writes), writes
    # a read through a server-side cursor (PostgreSQL, ``.iterator()``) is a read; a write inside one is not
    assert data_writes([{"sql": 'DECLARE "_django_curs_1_sync_1" NO SCROLL CURSOR WITHOUT HOLD FOR SELECT 1'}]) == []
    assert data_writes([{"sql": 'DELETE FROM "staff_holiday"'}]) == ['DELETE FROM "staff_holiday"']
    # opening a page and signing out write only the bookkeeping tables (the session, the sign-in records)
    with CaptureQueriesContext(connection) as ran:
        client.get(reverse("home"))
        client.logout()
    assert data_writes(ran.captured_queries) == []


def club_two_only_names():
    """Names and titles of club 2's people, teams, series and the club itself that no club-1 record has."""
    from django.apps import apps
    from django.db.models import ForeignKey

    from staff.models import Club

    def names(club):
        found = set(Person.objects.filter(club=club).values_list("name", flat=True))
        found.add(Club.objects.get(pk=club.pk).name)
        for label in PRODUCT_APPS:
            for model in apps.get_app_config(label).get_models():
                fields = {f.name: f for f in model._meta.get_fields() if f.concrete}
                club_field = fields.get("club")
                if not isinstance(club_field, ForeignKey) or club_field.related_model is not Club:
                    continue
                for text_field in ("name", "title"):
                    if text_field in fields:
                        found |= set(model.objects.filter(club=club).values_list(text_field, flat=True))
        return {n for n in found if n and len(n) >= 4}

    club1, club2 = Club.objects.get(code="one"), Club.objects.get(code="two")
    return sorted(names(club2) - names(club1))


def page_text(response):
    """What a person reads in a response: the page, the JSON, every XLSX cell, the PDF's text."""
    kind = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if "json" in kind:
        return json.dumps(json.loads(body), ensure_ascii=False)
    if "spreadsheetml" in kind:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(body), read_only=True)
        return "\n".join(
            str(cell) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for cell in row
            if cell is not None
        ) + "\n" + "\n".join(book.sheetnames)
    if "pdf" in kind:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError

        try:
            pages = PdfReader(io.BytesIO(body)).pages
            # a two-byte CJK font comes out with a NUL before each Latin letter
            text = "\n".join(page.extract_text() or "" for page in pages).replace("\x00", "")
        except PdfReadError:  # not a PDF after all (e.g. an uploaded file that only says it is one)
            text = ""
        return text + "\n" + body.decode(errors="replace")
    return body.decode(errors="replace")


def test_the_page_text_reads_every_export(client, world):
    """The leak check of the per-persona walk is only as good as its reading of downloads: the owner's club-2 exports name club 2."""
    sign_in(client, world, "owner")
    club = world.club2.name
    urls = [f"{url_for('reports:club_monthly', 'report_club2', world)}?{q}" for q in EXPORTS]
    urls += [f"{url_for('attendance:stats_monthly', None, world)}?club={world.club2.pk}&format=xlsx",
             url_for("meetings:meeting_pdf", "mt_meeting_2", world),
             url_for("meetings:report_pdf", "mt_summary_2", world)]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert club in page_text(response) or "Club two" in page_text(response), url
