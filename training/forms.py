"""Training forms: they validate and normalise, keep what was typed, and say what is wrong in the user's language."""

import os
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from documents.selectors import published_sops, teachable
from kernel.fields import LONG_TEXT, NOTE, DateField, limit_text
from kernel.widgets import DateInput
from staff.models import Role
from staff.templatetags.form_words import BlanksInWords

from .assessments import choices_in_order
from .models import (
    Assessment,
    Competition,
    LevelRequirement,
    Question,
    RewardPenalty,
    SessionAttendance,
    TrainingPlan,
    TrainingPolicy,
)

DATE = DateInput()
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
TEXTAREA = forms.Textarea(attrs={"rows": 3})
ROWS = 6  # blank rubric / answer rows offered on a form (no script needed to add more)

# What may be uploaded as training material: extension → (content type, check of the first bytes).
MAX_UPLOAD_MB = 20
UPLOAD_TYPES = {
    ".pdf": ("application/pdf", lambda head: head.startswith(b"%PDF-")),
    ".png": ("image/png", lambda head: head.startswith(b"\x89PNG\r\n\x1a\n")),
    ".jpg": ("image/jpeg", lambda head: head.startswith(b"\xff\xd8\xff")),
    ".jpeg": ("image/jpeg", lambda head: head.startswith(b"\xff\xd8\xff")),
    ".mp4": ("video/mp4", lambda head: head[4:8] == b"ftyp"),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
              lambda head: head.startswith(b"PK\x03\x04")),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
              lambda head: head.startswith(b"PK\x03\x04")),
    ".pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation",
              lambda head: head.startswith(b"PK\x03\x04")),
    ".txt": ("text/plain", lambda head: _is_text(head)),
}


def _is_text(head):
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start > len(head) - 4  # a character cut at the end of the sample
    return b"\x00" not in head


def _person_label(person):
    return f"{person.name} · {person.get_position_display()}"


class _NoBlankRadio(BlanksInWords):
    """Choices in words, not "---------" (staff.templatetags.form_words)."""


@limit_text(goals=LONG_TEXT, assessment_plan=LONG_TEXT)
class PlanForm(_NoBlankRadio, forms.ModelForm):
    class Meta:
        model = TrainingPlan
        fields = ["title", "topic", "department", "position", "goals", "owner", "starts_on", "ends_on",
                  "procedure", "assessment_plan"]
        widgets = {"starts_on": DATE, "ends_on": DATE, "goals": TEXTAREA, "assessment_plan": TEXTAREA}
        field_classes = {"starts_on": DateField, "ends_on": DateField}
        help_texts = {"assessment_plan": _("How the plan is assessed: which quizzes and hands-on assessments, when.")}

    def __init__(self, *args, club, departments, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.club = club
        self.fields["department"].queryset = departments
        self.fields["department"].label_from_instance = lambda d: d.get_kind_display()
        self.fields["owner"].queryset = owners
        self.fields["owner"].label_from_instance = _person_label
        self.fields["position"].choices = [("", _("Everyone in the department"))] + [
            c for c in Role.choices if c[0] not in (Role.OWNER, Role.STORE_MANAGER)
        ]
        # only the club's published rules and procedures: another club's, or a draft, is refused as not a choice
        self.fields["procedure"].queryset = teachable(club)
        self.fields["procedure"].label_from_instance = lambda d: f"{d.get_kind_display()} · {d.title}"

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The plan cannot end before it starts."))
        return data

    def save(self, commit=True):
        self.instance.club = self.club
        return super().save(commit)


@limit_text(materials=NOTE)
class SessionForm(_NoBlankRadio, forms.Form):
    subject = forms.CharField(label=_("Topic"), max_length=200)
    date = DateField(label=_("Date"), widget=DATE)
    start = forms.TimeField(label=_("From"), widget=TIME)
    end = forms.TimeField(label=_("To"), widget=TIME)
    place = forms.CharField(label=_("Place"), max_length=100)
    trainer = forms.ModelChoiceField(label=_("Trainer"), queryset=None)
    expected = forms.ModelMultipleChoiceField(
        label=_("Who is expected"), queryset=None, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one person who should come.")},
    )
    materials = forms.CharField(label=_("Materials"), required=False, widget=TEXTAREA,
                                help_text=_("What to read or bring; files can be added on the session's page."))

    def __init__(self, *args, trainers, trainees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trainer"].queryset = trainers
        self.fields["trainer"].label_from_instance = _person_label
        self.fields["trainer"].error_messages["invalid_choice"] = _("Choose a trainer from the list.")
        self.fields["expected"].queryset = trainees
        self.fields["expected"].label_from_instance = lambda p: p.name

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            self.add_error("end", _("The session must end after it starts."))
        return data


class AttendanceRowForm(forms.Form):
    """One expected person's line of the one-submit attendance form."""

    status = forms.ChoiceField(
        label=_("Attendance"), widget=forms.RadioSelect,
        choices=[(s, label) for s, label in SessionAttendance.Status.choices if s != SessionAttendance.Status.EXPECTED],
        error_messages={"required": _("Choose present, late or absent.")},
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class MaterialForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=_("PDF, pictures (JPG, PNG), MP4 video, Word, Excel, "
                                                        "PowerPoint or text; at most %(mb)s MB.") % {"mb": MAX_UPLOAD_MB})
    name = forms.CharField(label=pgettext_lazy("thing", "Name"), max_length=200, required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        extension = os.path.splitext(upload.name)[1].lower()
        if extension not in UPLOAD_TYPES:
            raise forms.ValidationError(
                _("“%(name)s” is not a file type training material may have (PDF, JPG, PNG, MP4, DOCX, XLSX, "
                  "PPTX, TXT)."), params={"name": upload.name},
            )
        if upload.size > MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(
                _("“%(name)s” is too large: at most %(mb)s MB."), params={"name": upload.name, "mb": MAX_UPLOAD_MB}
            )
        content_type, looks_right = UPLOAD_TYPES[extension]
        upload.seek(0)
        head = upload.read(2048)
        upload.seek(0)
        if not head or not looks_right(head):
            raise forms.ValidationError(
                _("“%(name)s” does not contain what its name says (%(ext)s)."),
                params={"name": upload.name, "ext": extension},
            )
        self.content_type = content_type
        return upload


def _criteria_rows(form, data):
    """The complete (name, weight, highest) rows; a half-filled row is an error on its fields."""
    rows = []
    for n in range(ROWS):
        name, weight, highest = (data.get(f"c{n}_{f}") for f in ("name", "weight", "max"))
        if not name and weight is None and highest is None:
            continue
        if not name:
            form.add_error(f"c{n}_name", _("Name the criterion, or empty the row."))
        elif weight is None:
            form.add_error(f"c{n}_weight", _("Give the criterion's weight."))
        elif highest is None:
            form.add_error(f"c{n}_max", _("Give the criterion's highest score."))
        else:
            rows.append((name, weight, highest))
    return rows


def _add_criteria_fields(form):
    for n in range(ROWS):
        form.fields[f"c{n}_name"] = forms.CharField(label=_("Criterion"), max_length=120, required=False)
        form.fields[f"c{n}_weight"] = forms.DecimalField(
            label=_("Weight"), required=False, min_value=Decimal("0.01"), max_digits=5, decimal_places=2
        )
        form.fields[f"c{n}_max"] = forms.IntegerField(label=_("Highest score"), required=False, min_value=1,
                                                      max_value=100)


def criteria_rows(form):
    return [(form[f"c{n}_name"], form[f"c{n}_weight"], form[f"c{n}_max"]) for n in range(ROWS)]


class AssessmentForm(_NoBlankRadio, forms.ModelForm):
    class Meta:
        model = Assessment
        fields = ["title", "kind", "pass_mark", "max_attempts", "question_count", "assessors_required", "sop"]
        widgets = {"kind": forms.RadioSelect}

    def __init__(self, *args, club, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Assessment.Kind.choices
        # only the club's published SOPs: another club's, a draft or another kind of document is refused in words
        self.fields["sop"].queryset = published_sops(club)
        self.fields["sop"].empty_label = _("No SOP")
        self.fields["sop"].error_messages["invalid_choice"] = _(
            "Choose one of this club's published SOPs; that document is not one.")
        _add_criteria_fields(self)

    def criteria_rows(self):
        return criteria_rows(self)

    def clean(self):
        data = super().clean()
        data["criteria"] = _criteria_rows(self, data)
        if data.get("kind") == Assessment.Kind.HANDS_ON and not data["criteria"] and not self.errors:
            raise forms.ValidationError(_("A hands-on assessment needs at least one rubric criterion."))
        return data


@limit_text(text=NOTE, model_answer=LONG_TEXT)
class QuestionForm(_NoBlankRadio, forms.ModelForm):
    answer_true = forms.TypedChoiceField(
        label=_("The statement is"), required=False, widget=forms.RadioSelect,
        choices=[("true", _("True")), ("false", _("False"))], coerce=lambda v: v == "true", empty_value=None,
    )

    class Meta:
        model = Question
        fields = ["department", "topic", "kind", "text", "points", "answer_true", "model_answer", "is_active"]
        widgets = {"text": TEXTAREA, "model_answer": TEXTAREA, "kind": forms.RadioSelect}
        help_texts = {"is_active": _("Questions not in use are no longer drawn into new quizzes.")}

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        # The bank is a department's: one of those the viewer runs training for.
        self.fields["department"].queryset = departments
        self.fields["department"].required = True
        self.fields["department"].error_messages["invalid_choice"] = _("Choose a department you run training for.")
        self.fields["kind"].choices = Question.Kind.choices
        if self.instance.pk and self.instance.answer_true is not None:
            self.initial["answer_true"] = "true" if self.instance.answer_true else "false"
        choices = list(self.instance.choices.all()) if self.instance.pk else []
        for n in range(ROWS):
            self.fields[f"ch{n}_text"] = forms.CharField(label=_("Answer"), max_length=300, required=False)
            self.fields[f"ch{n}_correct"] = forms.BooleanField(label=_("correct"), required=False)
            if n < len(choices):
                self.initial[f"ch{n}_text"] = choices[n].text
                self.initial[f"ch{n}_correct"] = choices[n].is_correct

    def choice_rows(self):
        return [(self[f"ch{n}_text"], self[f"ch{n}_correct"]) for n in range(ROWS)]

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        rows = [(data[f"ch{n}_text"].strip(), data[f"ch{n}_correct"]) for n in range(ROWS) if data.get(f"ch{n}_text", "").strip()]
        data["choices"] = rows
        correct = sum(1 for _text, is_correct in rows if is_correct)
        if kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE) and len(rows) < 2:
            raise forms.ValidationError(_("Give at least two answers to choose from."))
        if kind == Question.Kind.SINGLE and correct != 1:
            raise forms.ValidationError(_("Tick exactly one correct answer."))
        if kind == Question.Kind.MULTIPLE and correct < 1:
            raise forms.ValidationError(_("Tick the correct answers (at least one)."))
        if kind == Question.Kind.TRUE_FALSE and data.get("answer_true") is None:
            self.add_error("answer_true", _("Say whether the statement is true or false."))
        return data


class QuizForm(forms.Form):
    """The questions drawn into one attempt, as the person answers them."""

    def __init__(self, *args, answers, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = answers
        for row in answers:
            question = row.question
            name = f"q{row.pk}"
            label = question.text
            if question.kind == Question.Kind.SINGLE:
                field = forms.ChoiceField(widget=forms.RadioSelect, required=False,
                                          choices=[(c.pk, c.text) for c in choices_in_order(row)])
            elif question.kind == Question.Kind.MULTIPLE:
                field = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple, required=False,
                                                  choices=[(c.pk, c.text) for c in choices_in_order(row)])
            elif question.kind == Question.Kind.TRUE_FALSE:
                field = forms.ChoiceField(widget=forms.RadioSelect, required=False,
                                          choices=[("true", _("True")), ("false", _("False"))])
            else:
                field = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000)
            field.label = label
            self.fields[name] = field

    def questions(self):
        return [(row, self[f"q{row.pk}"]) for row in self.rows]

    def answers(self):
        """{answer id: value} in the form ``assessments.quiz_submit`` takes."""
        result = {}
        for row in self.rows:
            value = self.cleaned_data.get(f"q{row.pk}")
            kind = row.question.kind
            if kind == Question.Kind.SINGLE:
                value = [value] if value else []
            elif kind == Question.Kind.TRUE_FALSE:
                value = {"true": True, "false": False}.get(value)
            result[row.pk] = value
        return result


class MarkForm(forms.Form):
    """Points for the short answers of one attempt."""

    def __init__(self, *args, answers, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = [row for row in answers if row.question.kind == Question.Kind.SHORT]
        for row in self.rows:
            self.fields[f"a{row.pk}"] = forms.DecimalField(
                label=_("Points (0–%(max)s)") % {"max": row.max_points}, min_value=0, max_value=row.max_points,
                max_digits=5, decimal_places=1, initial=row.points,
                error_messages={"max_value": _("Give from 0 to %(max)s points.") % {"max": row.max_points},
                                "min_value": _("Give from 0 to %(max)s points.") % {"max": row.max_points}},
            )

    def marks(self):
        return [(row, self[f"a{row.pk}"]) for row in self.rows]

    def points(self):
        return {row.pk: self.cleaned_data[f"a{row.pk}"] for row in self.rows}


class HandsOnForm(forms.Form):
    """One assessor's scores of one person on the rubric."""

    note = forms.CharField(label=_("Note"), max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            message = _("Give a score from 0 to %(max)s.") % {"max": criterion.max_score}
            self.fields[f"s{criterion.pk}"] = forms.DecimalField(
                label=f"{criterion.name} (0–{criterion.max_score}, ×{criterion.weight.normalize()})",
                min_value=0, max_value=criterion.max_score, max_digits=5, decimal_places=1,
                widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
                error_messages={"max_value": message, "min_value": message, "required": message},
            )

    def score_fields(self):
        return [self[f"s{c.pk}"] for c in self.criteria]

    def scores(self):
        return {c.pk: self.cleaned_data[f"s{c.pk}"] for c in self.criteria}


@limit_text(rounds=NOTE)
class CompetitionForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("thing", "Name"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind"), choices=Competition.Kind.choices, widget=forms.RadioSelect)
    held_on = DateField(label=_("Held on"), widget=DATE)
    tie_break = forms.ChoiceField(label=_("Tie-break rule"), choices=Competition.TieBreak.choices)
    rounds = forms.CharField(
        label=_("Rounds"), widget=forms.Textarea(attrs={"rows": 3}), help_text=_("One round per line."),
    )
    judges = forms.ModelMultipleChoiceField(
        label=_("Judges"), queryset=None, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one judge.")},
    )
    participants = forms.ModelMultipleChoiceField(
        label=_("Participants"), queryset=None, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least two participants.")},
    )

    def __init__(self, *args, judges, participants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["judges"].queryset = judges
        self.fields["judges"].label_from_instance = _person_label
        self.fields["participants"].queryset = participants
        self.fields["participants"].label_from_instance = lambda p: p.name
        _add_criteria_fields(self)

    def criteria_rows(self):
        return criteria_rows(self)

    def clean_rounds(self):
        rounds = [line.strip()[:80] for line in self.cleaned_data["rounds"].splitlines() if line.strip()]
        if not rounds:
            raise forms.ValidationError(_("Name at least one round."))
        return rounds

    def clean_participants(self):
        people = self.cleaned_data["participants"]
        if len(people) < 2:
            raise forms.ValidationError(_("Choose at least two participants."))
        return people

    def clean(self):
        data = super().clean()
        data["criteria"] = _criteria_rows(self, data)
        if not data["criteria"] and not self.errors:
            raise forms.ValidationError(_("Give the rubric at least one criterion."))
        return data


class JudgeScoresForm(forms.Form):
    """A judge's scores of every entrant on every criterion, for one round, in one submit."""

    def __init__(self, *args, entries, criteria, blocked, **kwargs):
        super().__init__(*args, **kwargs)
        self.entries, self.criteria, self.blocked = entries, criteria, blocked
        for entry in entries:
            for criterion in criteria:
                message = _("Give a score from 0 to %(max)s.") % {"max": criterion.max_score}
                attrs = {"step": "0.5", "inputmode": "decimal", "class": "form-control form-control-sm"}
                if entry.pk in blocked:
                    attrs["disabled"] = "disabled"
                self.fields[f"e{entry.pk}_c{criterion.pk}"] = forms.DecimalField(
                    label=f"{criterion.name} (0–{criterion.max_score})", required=False, min_value=0,
                    max_value=criterion.max_score, max_digits=5, decimal_places=1,
                    widget=forms.NumberInput(attrs=attrs),
                    error_messages={"max_value": message, "min_value": message},
                )

    def rows(self):
        return [
            (entry, self.blocked.get(entry.pk), [self[f"e{entry.pk}_c{c.pk}"] for c in self.criteria])
            for entry in self.entries
        ]

    def clean(self):
        data = super().clean()
        scores = {}
        for entry in self.entries:
            values = {c.pk: data.get(f"e{entry.pk}_c{c.pk}") for c in self.criteria}
            given = [v for v in values.values() if v is not None]
            if not given:
                continue
            if entry.pk in self.blocked:
                raise forms.ValidationError(self.blocked[entry.pk])
            if len(given) != len(values):
                raise forms.ValidationError(
                    _("Score %(name)s on every criterion, or leave their row empty.") % {"name": entry.person.name}
                )
            scores.update({(entry.pk, criterion_id): value for criterion_id, value in values.items()})
        if not scores and not self.errors:
            raise forms.ValidationError(_("Give at least one participant's scores."))
        data["scores"] = scores
        return data


class RewardForm(_NoBlankRadio, forms.ModelForm):
    # A date in a locked month: only the store manager proposes, with this reason (staff.locks).
    lock_reason = forms.CharField(label=_("Reason for changing a locked month"), max_length=100, required=False)

    class Meta:
        model = RewardPenalty
        fields = ["person", "date", "kind", "category", "reason", "points", "amount"]
        widgets = {"date": DATE, "kind": forms.RadioSelect}
        field_classes = {"date": DateField}

    def __init__(self, *args, club, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.club = club
        self.fields["person"].queryset = people
        self.fields["person"].label_from_instance = _person_label
        self.fields["person"].error_messages["invalid_choice"] = _("Choose someone you look after.")
        self.fields["date"].initial = timezone.localdate(timezone=club.zone)
        self.fields["kind"].choices = RewardPenalty.Kind.choices
        self.fields["points"].required = False
        self.fields["amount"].required = False

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day > timezone.localdate(timezone=self.club.zone):
            raise forms.ValidationError(_("This day has not come yet."))
        return day

    def clean(self):
        data = super().clean()
        data["points"] = data.get("points") or 0
        data["amount"] = data.get("amount") or Decimal(0)
        return data  # the model's constraint says "give points, an amount, or both"


class DecideForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("reject", _("Reject"))])
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    lock_reason = forms.CharField(max_length=100, required=False)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not data.get("note", "").strip():
            self.add_error("note", _("Say why it is rejected."))
        return data


class PolicyForm(_NoBlankRadio, forms.ModelForm):
    class Meta:
        model = TrainingPolicy
        fields = ["level_valid_months", "forbid_judging_own_team"]


class RequirementForm(_NoBlankRadio, forms.ModelForm):
    class Meta:
        model = LevelRequirement
        fields = ["level", "assessment"]

    def __init__(self, *args, club, **kwargs):
        super().__init__(*args, **kwargs)
        self.club = club
        self.fields["assessment"].queryset = Assessment.objects.filter(club=club).select_related("plan")
        self.fields["assessment"].label_from_instance = lambda a: f"{a.title} · {a.plan.get_topic_display()}"

    def save(self, commit=True):
        self.instance.club = self.club
        return super().save(commit)


