"""Training and assessment: plans, sessions and who came, the question bank,
quizzes and hands-on rubrics with every attempt kept, levels, competitions, rewards and penalties."""

import os
import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from staff.models import Club, Department, Level, Person, Role

# The order of the levels, lowest first: a promotion goes one step up this list.
LEVEL_ORDER = [Level.JUNIOR, Level.INTERMEDIATE, Level.SENIOR]


class Topic(models.TextChoices):
    """What a plan trains (seed: technical manager duties 2–5, marketing director duty 6)."""

    THEORY = "theory", _("Theory knowledge")
    TECHNIQUE = "technique", _("Technique procedure")
    SCRIPTS = "scripts", _("Service-explanation scripts (講解推廣話術)")
    GROOMING = "grooming", _("Grooming and etiquette")
    SALES = "sales", _("Reception and sales")


class TrainingPolicy(models.Model):
    """A club's training rules: how long a level holds, and whether judges may score their own team."""

    club = models.OneToOneField(Club, on_delete=models.CASCADE, related_name="training_policy", verbose_name=_("club"))
    level_valid_months = models.PositiveSmallIntegerField(
        _("a level holds for (months)"), default=24, validators=[MaxValueValidator(120)],
        help_text=_("0: a level never needs re-certification."),
    )
    forbid_judging_own_team = models.BooleanField(
        _("judges may not score their own team members"), default=False,
        help_text=_("In competitions, a supervisor who judges does not score the technicians of their own team."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("training rules")
        verbose_name_plural = _("training rules")

    def __str__(self):
        return str(self.club)

    @classmethod
    def for_club(cls, club):
        """The club's rules; the defaults (unsaved) until someone edits them, so that reading writes nothing."""
        return cls.objects.filter(club=club).first() or cls(club=club)


class TrainingPlan(models.Model):
    """A club's plan for one topic, for a department (or one position in it), with its goals and assessment plan."""

    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="training_plans", verbose_name=_("club"))
    title = models.CharField(_("title"), max_length=120)
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="training_plans", verbose_name=_("department")
    )
    position = models.CharField(
        _("position"), max_length=30, choices=Role.choices, blank=True, help_text=_("Empty: the whole department.")
    )
    goals = models.TextField(_("goals"))
    owner = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="training_plans_owned", verbose_name=_("owner")
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    assessment_plan = models.TextField(_("assessment plan"), blank=True)
    procedure = models.ForeignKey(
        "documents.Document", on_delete=models.SET_NULL, null=True, blank=True, related_name="training_plans",
        verbose_name=_("procedure taught"),
        help_text=_("The club's rule, SOP, script or standard this plan teaches; its assessments test it."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on", "title"]
        verbose_name = _("training plan")
        verbose_name_plural = _("training plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="training_plan_period_order",
                violation_error_message=_("The plan cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.title

    def trainees(self):
        """The active people the plan is for."""
        people = Person.objects.active().filter(club_id=self.club_id, department_id=self.department_id)
        if self.position:
            people = people.filter(position=self.position)
        return people


class TrainingSession(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    plan = models.ForeignKey(TrainingPlan, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("plan"))
    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="training_sessions", verbose_name=_("club"))
    subject = models.CharField(_("topic"), max_length=200)
    date = models.DateField(_("date"))
    start = models.TimeField(_("from"))
    end = models.TimeField(_("to"))
    place = models.CharField(_("place"), max_length=100)
    trainer = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="training_sessions_given", verbose_name=_("trainer")
    )
    materials = models.TextField(_("materials"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.SCHEDULED)
    attendance_taken_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("attendance taken by")
    )
    attendance_taken_at = models.DateTimeField(_("attendance taken at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "start"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")), name="training_session_ends_after_start",
                violation_error_message=_("The session must end after it starts."),
            ),
        ]
        indexes = [models.Index(fields=["club", "date"])]

    def __str__(self):
        return f"{self.date} {self.subject}"


class SessionAttendance(models.Model):
    """One expected person at a session, and whether they came."""

    class Status(models.TextChoices):
        EXPECTED = "expected", _("Not taken yet")
        PRESENT = "present", _("Present")
        LATE = "late", _("Late")
        ABSENT = "absent", _("Absent")

    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("session")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="training_attendance", verbose_name=_("person")
    )
    status = models.CharField(_("attendance"), max_length=10, choices=Status.choices, default=Status.EXPECTED)
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["person__name"]
        verbose_name = _("session attendance")
        verbose_name_plural = _("session attendance")
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="one_attendance_per_session_person"),
        ]

    def __str__(self):
        return f"{self.person} · {self.get_status_display()}"


def material_path(instance, filename):
    """Uploaded files are stored under a random name; the name the uploader gave is kept in the row."""
    extension = os.path.splitext(filename)[1].lower()[:10]
    return f"training/materials/{instance.session.club_id}/{uuid.uuid4().hex}{extension}"


class SessionMaterial(models.Model):
    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="files", verbose_name=_("session")
    )
    file = models.FileField(_("file"), upload_to=material_path, max_length=255)
    name = models.CharField(_("name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("training material")
        verbose_name_plural = _("training materials")

    def __str__(self):
        return self.name


# --- The question bank ----------------------------------------------------------------------------


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        TRUE_FALSE = "true_false", _("True or false")
        SHORT = "short", _("Short answer (marked by hand)")

    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="training_questions", verbose_name=_("club"))
    # The bank belongs to a department: its heads keep it, its plans' quizzes draw from it. Empty: a
    # question of the whole club (only the store manager and the owner keep it; every plan may draw it).
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True, related_name="training_questions",
        verbose_name=_("department"),
    )
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    text = models.TextField(_("question"))
    points = models.PositiveSmallIntegerField(
        _("points"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    answer_true = models.BooleanField(_("the statement is true"), null=True, blank=True)
    model_answer = models.TextField(_("model answer"), blank=True, help_text=_("For the marker of a short answer."))
    is_active = models.BooleanField(_("in use"), default=True)
    created_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("written by")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["topic", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.CheckConstraint(condition=Q(points__gte=1), name="question_points_positive"),
            models.CheckConstraint(
                condition=~Q(kind="true_false") | Q(answer_true__isnull=False), name="true_false_question_has_answer",
                violation_error_message=_("Say whether the statement is true or false."),
            ),
        ]
        indexes = [models.Index(fields=["club", "topic", "is_active"])]

    def __str__(self):
        return self.text[:80]

    @property
    def has_choices(self):
        return self.kind in (self.Kind.SINGLE, self.Kind.MULTIPLE)


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices", verbose_name=_("question"))
    text = models.CharField(_("answer"), max_length=300)
    is_correct = models.BooleanField(_("correct"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("answer choice")
        verbose_name_plural = _("answer choices")

    def __str__(self):
        return self.text


# --- Assessments and attempts ---------------------------------------------------------------------


class Assessment(models.Model):
    """A quiz drawn from the question bank, or a hands-on assessment (手法考核) scored on a weighted rubric."""

    class Kind(models.TextChoices):
        QUIZ = "quiz", _("Written quiz")
        HANDS_ON = "hands_on", _("Hands-on assessment")

    plan = models.ForeignKey(TrainingPlan, on_delete=models.CASCADE, related_name="assessments", verbose_name=_("plan"))
    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="training_assessments", verbose_name=_("club"))
    title = models.CharField(_("title"), max_length=120)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    pass_mark = models.DecimalField(
        _("pass mark (%)"), max_digits=4, decimal_places=1, default=60,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("attempts allowed"), default=3, validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("The first try and the retakes together."),
    )
    question_count = models.PositiveSmallIntegerField(
        _("questions drawn"), default=10, validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Quiz: how many questions are drawn from the bank of the plan's topic."),
    )
    assessors_required = models.PositiveSmallIntegerField(
        _("assessors"), default=1, validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("Hands-on: how many assessors score each attempt; the result is their average."),
    )
    sop = models.ForeignKey(
        "documents.Document", on_delete=models.SET_NULL, null=True, blank=True, related_name="assessments",
        verbose_name=_("SOP"),
        help_text=_("The club's published SOP this assessment tests; "
                    "whoever takes it can open it from the assessment."),
    )
    is_open = models.BooleanField(_("open"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "pk"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.CheckConstraint(
                condition=Q(pass_mark__gte=0, pass_mark__lte=100), name="assessment_pass_mark_is_a_percentage"
            ),
            models.CheckConstraint(condition=Q(max_attempts__gte=1), name="assessment_allows_an_attempt"),
        ]

    def __str__(self):
        return self.title

    @property
    def topic(self):
        return self.plan.topic

    @property
    def is_quiz(self):
        return self.kind == self.Kind.QUIZ


class WeightedCriterion(models.Model):
    """A weighted point of a rubric, scored 0..max_score: what hands-on assessments and competitions share."""

    name = models.CharField(_("criterion"), max_length=120)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2, validators=[MinValueValidator(0.01)])
    max_score = models.PositiveSmallIntegerField(
        _("highest score"), default=10, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name


class RubricCriterion(WeightedCriterion):
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("assessment")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("rubric criterion")
        verbose_name_plural = _("rubric criteria")
        constraints = [
            models.CheckConstraint(condition=Q(weight__gt=0), name="rubric_weight_positive"),
            models.CheckConstraint(condition=Q(max_score__gte=1), name="rubric_max_score_positive"),
        ]


class Attempt(models.Model):
    """One try at an assessment. Every attempt is kept; a retake is a new attempt with the next number."""

    class State(models.TextChoices):
        OPEN = "open", _("In progress")
        AWAITING_MARKING = "awaiting", _("Waiting to be marked")
        MARKED = "marked", _("Result ready")

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="attempts", verbose_name=_("assessment")
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="training_attempts", verbose_name=_("person"))
    number = models.PositiveSmallIntegerField(_("attempt"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    finished_on = models.DateField(_("result on"), null=True, blank=True)
    score = models.DecimalField(_("score (%)"), max_digits=4, decimal_places=1, null=True, blank=True)
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    entered_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("entered by")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["assessment", "person", "number"]
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "person", "number"], name="one_attempt_per_number"),
            models.UniqueConstraint(
                fields=["assessment", "person"], condition=~Q(state="marked"), name="one_unfinished_attempt",
                violation_error_message=_("This person already has an attempt in progress."),
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="attempt_number_positive"),
            models.CheckConstraint(
                condition=~Q(state="marked") | Q(score__isnull=False, passed__isnull=False, finished_on__isnull=False),
                name="marked_attempt_has_a_result",
            ),
        ]
        indexes = [models.Index(fields=["finished_on"])]

    def __str__(self):
        return f"{self.person} · {self.assessment} #{self.number}"

    @property
    def is_finished(self):
        return self.state == self.State.MARKED


class AttemptAnswer(models.Model):
    """One question drawn into a quiz attempt and what the person answered; points are None until marked."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers", verbose_name=_("attempt"))
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+", verbose_name=_("question"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    max_points = models.PositiveSmallIntegerField(_("points"))
    chosen = models.JSONField(_("choices ticked"), default=list, blank=True)
    answer_bool = models.BooleanField(_("answered true"), null=True, blank=True)
    answer_text = models.TextField(_("answer"), blank=True)
    points = models.DecimalField(_("points given"), max_digits=5, decimal_places=1, null=True, blank=True)
    marked_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("marked by")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("quiz answer")
        verbose_name_plural = _("quiz answers")
        constraints = [models.UniqueConstraint(fields=["attempt", "question"], name="question_once_per_attempt")]

    def __str__(self):
        return f"{self.attempt} · {self.question}"


class AssessorSheet(models.Model):
    """One assessor's scores of one hands-on attempt; an assessor scores an attempt once."""

    attempt = models.ForeignKey(
        Attempt, on_delete=models.CASCADE, related_name="sheets", verbose_name=_("attempt")
    )
    assessor = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("assessor"))
    weighted = models.DecimalField(_("weighted score (%)"), max_digits=4, decimal_places=1)
    note = models.CharField(_("note"), max_length=300, blank=True)
    scored_at = models.DateTimeField(_("scored at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["scored_at"]
        verbose_name = _("assessor's sheet")
        verbose_name_plural = _("assessors' sheets")
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "assessor"], name="one_sheet_per_assessor",
                violation_error_message=_("You have already scored this attempt."),
            ),
        ]

    def __str__(self):
        return f"{self.attempt} · {self.assessor}"


class RubricScore(models.Model):
    sheet = models.ForeignKey(AssessorSheet, on_delete=models.CASCADE, related_name="scores", verbose_name=_("sheet"))
    criterion = models.ForeignKey(RubricCriterion, on_delete=models.PROTECT, related_name="+", verbose_name=_("criterion"))
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1, validators=[MinValueValidator(0)])
    history = HistoricalRecords()

    class Meta:
        ordering = ["criterion__order", "criterion_id"]
        verbose_name = _("rubric score")
        verbose_name_plural = _("rubric scores")
        constraints = [
            models.UniqueConstraint(fields=["sheet", "criterion"], name="one_score_per_criterion_on_a_sheet"),
            models.CheckConstraint(condition=Q(score__gte=0), name="rubric_score_not_negative"),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.score}"


# --- Levels ---------------------------------------------------------------------------------------


class LevelRequirement(models.Model):
    """An assessment a technician of the club must pass to reach (or re-certify) a level."""

    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="level_requirements", verbose_name=_("club"))
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="level_requirements", verbose_name=_("assessment")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["club", "level", "assessment"]
        verbose_name = _("level requirement")
        verbose_name_plural = _("level requirements")
        constraints = [
            models.UniqueConstraint(
                fields=["level", "assessment"], name="assessment_once_per_level",
                violation_error_message=_("This assessment is already required for this level."),
            ),
        ]

    def __str__(self):
        return f"{self.get_level_display()}: {self.assessment}"


class LevelAward(models.Model):
    """A level given to a technician (a promotion, a re-certification or a change by hand), with its expiry."""

    class Kind(models.TextChoices):
        PROMOTION = "promotion", _("Promotion")
        RENEWAL = "renewal", _("Re-certification")
        MANUAL = "manual", _("Set by hand")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="level_awards", verbose_name=_("person"))
    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="level_awards", verbose_name=_("club"))
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    previous_level = models.CharField(_("previous level"), max_length=20, choices=Level.choices, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    granted_on = models.DateField(_("granted on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    granted_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("granted by")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-granted_on", "-pk"]
        verbose_name = _("level award")
        verbose_name_plural = _("level awards")
        indexes = [models.Index(fields=["club", "granted_on"]), models.Index(fields=["expires_on"])]

    def __str__(self):
        return f"{self.person} · {self.get_level_display()} · {self.granted_on}"


# --- Competitions ---------------------------------------------------------------------------------


class Competition(models.Model):
    """A knowledge contest (專業知識大比拼) or technique competition (技術手法大PK) of a club or the whole chain."""

    class Kind(models.TextChoices):
        KNOWLEDGE = "knowledge", _("Knowledge contest (專業知識大比拼)")
        TECHNIQUE = "technique", _("Technique competition (技術手法大PK)")

    class TieBreak(models.TextChoices):
        TOP_CRITERION = "top_criterion", _("Higher score on the most heavily weighted criterion")
        LAST_ROUND = "last_round", _("Higher score in the last round")
        SHARED = "shared", _("Tied entrants share the place")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Open for scoring")
        FINISHED = "finished", _("Finished")

    club = models.ForeignKey(
        Club, on_delete=models.CASCADE, null=True, blank=True, related_name="competitions", verbose_name=_("club"),
        help_text=_("Empty: the whole chain."),
    )
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    held_on = models.DateField(_("held on"))
    tie_break = models.CharField(_("tie-break rule"), max_length=20, choices=TieBreak.choices,
                                 default=TieBreak.TOP_CRITERION)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    created_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("organised by")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "name"]
        verbose_name = _("competition")
        verbose_name_plural = _("competitions")
        indexes = [models.Index(fields=["held_on"])]

    def __str__(self):
        return self.name

    @property
    def is_finished(self):
        return self.status == self.Status.FINISHED


class CompetitionRound(models.Model):
    competition = models.ForeignKey(
        Competition, on_delete=models.CASCADE, related_name="rounds", verbose_name=_("competition")
    )
    number = models.PositiveSmallIntegerField(_("round"))
    name = models.CharField(_("name"), max_length=80)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2, default=1,
                                 validators=[MinValueValidator(0.01)])
    history = HistoricalRecords()

    class Meta:
        ordering = ["competition", "number"]
        verbose_name = _("competition round")
        verbose_name_plural = _("competition rounds")
        constraints = [
            models.UniqueConstraint(fields=["competition", "number"], name="round_number_unique"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="round_weight_positive"),
        ]

    def __str__(self):
        return self.name


class CompetitionCriterion(WeightedCriterion):
    competition = models.ForeignKey(
        Competition, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("competition")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("competition criterion")
        verbose_name_plural = _("competition criteria")
        constraints = [
            models.CheckConstraint(condition=Q(weight__gt=0), name="competition_weight_positive"),
            models.CheckConstraint(condition=Q(max_score__gte=1), name="competition_max_score_positive"),
        ]


class CompetitionJudge(models.Model):
    competition = models.ForeignKey(
        Competition, on_delete=models.CASCADE, related_name="judges", verbose_name=_("competition")
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="judging", verbose_name=_("judge"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["person__name"]
        verbose_name = _("judge")
        verbose_name_plural = _("judges")
        constraints = [models.UniqueConstraint(fields=["competition", "person"], name="judge_once_per_competition")]

    def __str__(self):
        return str(self.person)


class CompetitionEntry(models.Model):
    competition = models.ForeignKey(
        Competition, on_delete=models.CASCADE, related_name="entries", verbose_name=_("competition")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="competition_entries", verbose_name=_("participant")
    )
    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="+", verbose_name=_("club"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["person__name"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [models.UniqueConstraint(fields=["competition", "person"], name="entry_once_per_competition")]

    def __str__(self):
        return str(self.person)


class JudgeScore(models.Model):
    entry = models.ForeignKey(CompetitionEntry, on_delete=models.CASCADE, related_name="scores",
                              verbose_name=_("participant"))
    round = models.ForeignKey(CompetitionRound, on_delete=models.CASCADE, related_name="scores", verbose_name=_("round"))
    criterion = models.ForeignKey(
        CompetitionCriterion, on_delete=models.CASCADE, related_name="scores", verbose_name=_("criterion")
    )
    judge = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("judge"))
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1, validators=[MinValueValidator(0)])
    scored_at = models.DateTimeField(_("scored at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["entry", "round", "criterion"]
        verbose_name = _("judge's score")
        verbose_name_plural = _("judges' scores")
        constraints = [
            models.UniqueConstraint(fields=["entry", "round", "criterion", "judge"], name="one_score_per_judge"),
            models.CheckConstraint(condition=Q(score__gte=0), name="judge_score_not_negative"),
        ]

    def __str__(self):
        return f"{self.entry} · {self.round} · {self.criterion}: {self.score}"


# --- Rewards and penalties (獎罰) -------------------------------------------------------------------


class RewardPenalty(models.Model):
    """A reward or penalty proposed by a manager; it counts once the store manager approves it."""

    class Kind(models.TextChoices):
        REWARD = "reward", _("Reward")
        PENALTY = "penalty", _("Penalty")

    class Category(models.TextChoices):
        ATTENDANCE = "attendance", _("Attendance and discipline")
        GROOMING = "grooming", _("Grooming and etiquette")
        SERVICE = "service", _("Service quality and customer feedback")
        TRAINING = "training", _("Training and assessment")
        COMPETITION = "competition", _("Competition")
        SALES = "sales", _("Sales")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="rewards_penalties", verbose_name=_("club"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="rewards_penalties",
                               verbose_name=_("person"))
    date = models.DateField(_("date"))
    kind = models.CharField(_("reward or penalty"), max_length=10, choices=Kind.choices)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    reason = models.CharField(_("reason"), max_length=300)
    points = models.PositiveIntegerField(_("points"), default=0)
    amount = models.DecimalField(_("amount (¥)"), max_digits=9, decimal_places=2, default=0,
                                 validators=[MinValueValidator(0)])
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("proposed by"))
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.CharField(_("decision note"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("reward or penalty")
        verbose_name_plural = _("rewards and penalties")
        constraints = [
            models.CheckConstraint(
                condition=Q(points__gt=0) | Q(amount__gt=0), name="reward_penalty_has_points_or_amount",
                violation_error_message=_("Give points, an amount, or both."),
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="reward_penalty_amount_not_negative"),
        ]
        indexes = [models.Index(fields=["club", "date"])]

    def __str__(self):
        return f"{self.person} · {self.get_kind_display()} · {self.date}"
