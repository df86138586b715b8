from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Assessment,
    AssessorSheet,
    Attempt,
    AttemptAnswer,
    Choice,
    Competition,
    CompetitionCriterion,
    CompetitionEntry,
    CompetitionJudge,
    CompetitionRound,
    JudgeScore,
    LevelAward,
    LevelRequirement,
    Question,
    RewardPenalty,
    RubricCriterion,
    RubricScore,
    SessionAttendance,
    SessionMaterial,
    TrainingPlan,
    TrainingPolicy,
    TrainingSession,
)


@admin.register(TrainingPolicy)
class TrainingPolicyAdmin(SimpleHistoryAdmin):
    list_display = ["club", "level_valid_months", "forbid_judging_own_team"]


@admin.register(TrainingPlan)
class TrainingPlanAdmin(SimpleHistoryAdmin):
    list_display = ["title", "club", "topic", "department", "position", "owner", "starts_on", "ends_on"]
    list_filter = ["club", "topic"]
    list_select_related = ["club", "department__club", "owner"]
    raw_id_fields = ["owner", "department"]


class SessionAttendanceInline(admin.TabularInline):
    model = SessionAttendance
    extra = 0
    raw_id_fields = ["person"]


@admin.register(TrainingSession)
class TrainingSessionAdmin(SimpleHistoryAdmin):
    list_display = ["date", "start", "subject", "club", "trainer", "status"]
    list_filter = ["club", "status"]
    date_hierarchy = "date"
    list_select_related = ["club", "trainer"]
    raw_id_fields = ["plan", "trainer", "attendance_taken_by"]
    inlines = [SessionAttendanceInline]


@admin.register(SessionAttendance)
class SessionAttendanceAdmin(SimpleHistoryAdmin):
    list_display = ["session", "person", "status"]
    list_filter = ["status"]
    list_select_related = ["session", "person"]
    raw_id_fields = ["session", "person"]


@admin.register(SessionMaterial)
class SessionMaterialAdmin(SimpleHistoryAdmin):
    list_display = ["name", "session", "content_type", "size", "uploaded_at"]
    list_select_related = ["session"]
    raw_id_fields = ["session", "uploaded_by"]


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 0


@admin.register(Question)
class QuestionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "club", "topic", "kind", "points", "is_active"]
    list_filter = ["club", "topic", "kind", "is_active"]
    list_select_related = ["club"]
    raw_id_fields = ["created_by"]
    inlines = [ChoiceInline]


@admin.register(Choice)
class ChoiceAdmin(SimpleHistoryAdmin):
    list_display = ["text", "question", "is_correct"]
    raw_id_fields = ["question"]
    list_select_related = ["question"]


class RubricCriterionInline(admin.TabularInline):
    model = RubricCriterion
    extra = 0


@admin.register(Assessment)
class AssessmentAdmin(SimpleHistoryAdmin):
    list_display = ["title", "club", "kind", "pass_mark", "max_attempts", "is_open"]
    list_filter = ["club", "kind", "is_open"]
    list_select_related = ["club"]
    raw_id_fields = ["plan"]
    inlines = [RubricCriterionInline]


@admin.register(RubricCriterion)
class RubricCriterionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "assessment", "weight", "max_score"]
    list_select_related = ["assessment"]
    raw_id_fields = ["assessment"]


@admin.register(Attempt)
class AttemptAdmin(SimpleHistoryAdmin):
    list_display = ["person", "assessment", "number", "state", "score", "passed", "finished_on"]
    list_filter = ["state", "passed"]
    list_select_related = ["person", "assessment"]
    raw_id_fields = ["assessment", "person", "entered_by"]


@admin.register(AttemptAnswer)
class AttemptAnswerAdmin(SimpleHistoryAdmin):
    list_display = ["attempt", "question", "points", "max_points"]
    list_select_related = ["attempt__person", "attempt__assessment", "question"]
    raw_id_fields = ["attempt", "question", "marked_by"]


class RubricScoreInline(admin.TabularInline):
    model = RubricScore
    extra = 0
    raw_id_fields = ["criterion"]


@admin.register(AssessorSheet)
class AssessorSheetAdmin(SimpleHistoryAdmin):
    list_display = ["attempt", "assessor", "weighted", "scored_at"]
    list_select_related = ["attempt__person", "attempt__assessment", "assessor"]
    raw_id_fields = ["attempt", "assessor"]
    inlines = [RubricScoreInline]


@admin.register(RubricScore)
class RubricScoreAdmin(SimpleHistoryAdmin):
    list_display = ["sheet", "criterion", "score"]
    list_select_related = ["sheet__attempt__person", "sheet__attempt__assessment", "sheet__assessor", "criterion"]
    raw_id_fields = ["sheet", "criterion"]


@admin.register(LevelRequirement)
class LevelRequirementAdmin(SimpleHistoryAdmin):
    list_display = ["club", "level", "assessment"]
    list_filter = ["club", "level"]
    list_select_related = ["club", "assessment"]
    raw_id_fields = ["assessment"]


@admin.register(LevelAward)
class LevelAwardAdmin(SimpleHistoryAdmin):
    list_display = ["person", "level", "previous_level", "kind", "granted_on", "expires_on"]
    list_filter = ["club", "level", "kind"]
    list_select_related = ["person"]
    raw_id_fields = ["person", "granted_by"]


class CompetitionRoundInline(admin.TabularInline):
    model = CompetitionRound
    extra = 0


class CompetitionCriterionInline(admin.TabularInline):
    model = CompetitionCriterion
    extra = 0


@admin.register(Competition)
class CompetitionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "club", "kind", "held_on", "status"]
    list_filter = ["kind", "status"]
    list_select_related = ["club"]
    raw_id_fields = ["created_by"]
    inlines = [CompetitionRoundInline, CompetitionCriterionInline]


@admin.register(CompetitionRound)
class CompetitionRoundAdmin(SimpleHistoryAdmin):
    list_display = ["competition", "number", "name", "weight"]
    list_select_related = ["competition"]


@admin.register(CompetitionCriterion)
class CompetitionCriterionAdmin(SimpleHistoryAdmin):
    list_display = ["competition", "name", "weight", "max_score"]
    list_select_related = ["competition"]


@admin.register(CompetitionJudge)
class CompetitionJudgeAdmin(SimpleHistoryAdmin):
    list_display = ["competition", "person"]
    list_select_related = ["competition", "person"]
    raw_id_fields = ["competition", "person"]


@admin.register(CompetitionEntry)
class CompetitionEntryAdmin(SimpleHistoryAdmin):
    list_display = ["competition", "person", "club"]
    list_select_related = ["competition", "person", "club"]
    raw_id_fields = ["competition", "person"]


@admin.register(JudgeScore)
class JudgeScoreAdmin(SimpleHistoryAdmin):
    list_display = ["entry", "round", "criterion", "judge", "score"]
    list_select_related = ["entry__person", "round", "criterion", "judge"]
    raw_id_fields = ["entry", "round", "criterion", "judge"]


@admin.register(RewardPenalty)
class RewardPenaltyAdmin(SimpleHistoryAdmin):
    list_display = ["person", "date", "kind", "category", "points", "amount", "status"]
    list_filter = ["club", "kind", "category", "status"]
    date_hierarchy = "date"
    list_select_related = ["person"]
    raw_id_fields = ["person", "proposed_by", "decided_by"]
