"""Training objects the tests talk about, built on ``conftest.world``."""

import datetime
from decimal import Decimal

from django.core.files.base import ContentFile

from staff.models import Department, Role
from training.models import (
    Assessment,
    Attempt,
    Choice,
    Competition,
    CompetitionCriterion,
    CompetitionEntry,
    CompetitionJudge,
    CompetitionRound,
    LevelRequirement,
    Question,
    RewardPenalty,
    RubricCriterion,
    SessionAttendance,
    SessionMaterial,
    TrainingPlan,
    TrainingSession,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PAST = datetime.date(2026, 1, 10)


def massage(club):
    return Department.objects.get(club=club, kind=Department.Kind.MASSAGE)


def plan(club, owner, *, topic="technique", position=Role.TECHNICIAN, title="Foot reflexology", **fields):
    return TrainingPlan.objects.create(
        club=club, title=title, topic=topic, department=massage(club), position=position, goals="Every step right",
        owner=owner, starts_on=fields.pop("starts_on", datetime.date(2026, 1, 1)),
        ends_on=fields.pop("ends_on", datetime.date(2026, 12, 31)), **fields,
    )


def session(for_plan, trainer, people, *, date=PAST, subject="Foot reflexology, part 1", **fields):
    s = TrainingSession.objects.create(
        plan=for_plan, club_id=for_plan.club_id, subject=subject, date=date, start=fields.pop("start", "14:00"),
        end=fields.pop("end", "16:00"), place=fields.pop("place", "Training room"), trainer=trainer, **fields,
    )
    SessionAttendance.objects.bulk_create(SessionAttendance(session=s, person=p) for p in people)
    return s


def quiz(for_plan, **fields):
    return Assessment.objects.create(plan=for_plan, club_id=for_plan.club_id, title=fields.pop("title", "Theory quiz"),
                                     kind=Assessment.Kind.QUIZ, **fields)


def handson(for_plan, criteria=(("Pressure", 2, 10), ("Sequence", 1, 10)), **fields):
    a = Assessment.objects.create(plan=for_plan, club_id=for_plan.club_id, title=fields.pop("title", "Hands-on"),
                                  kind=Assessment.Kind.HANDS_ON, **fields)
    for n, (name, weight, highest) in enumerate(criteria):
        RubricCriterion.objects.create(assessment=a, name=name, weight=Decimal(weight), max_score=highest, order=n)
    return a


def question(club, kind, text="Q?", topic="technique", points=1, choices=(), answer_true=None, **fields):
    fields.setdefault("department", Department.objects.filter(club=club, kind=Department.Kind.MASSAGE).first())
    q = Question.objects.create(club=club, topic=topic, kind=kind, text=text, points=points,
                                answer_true=answer_true, **fields)
    for n, (choice_text, correct) in enumerate(choices):
        Choice.objects.create(question=q, text=choice_text, is_correct=correct, order=n)
    return q


def competition(club, judges, people, *, criteria=(("Technique", 3, 10), ("Script", 1, 10)), rounds=("Final",),
                **fields):
    c = Competition.objects.create(club=club, name=fields.pop("name", "技術手法大PK"), kind=fields.pop("kind", "technique"),
                                   held_on=fields.pop("held_on", PAST), **fields)
    for n, name in enumerate(rounds, start=1):
        CompetitionRound.objects.create(competition=c, number=n, name=name)
    for n, (name, weight, highest) in enumerate(criteria):
        CompetitionCriterion.objects.create(competition=c, name=name, weight=Decimal(weight), max_score=highest, order=n)
    for judge in judges:
        CompetitionJudge.objects.create(competition=c, person=judge)
    for person in people:
        CompetitionEntry.objects.create(competition=c, person=person, club_id=person.club_id)
    return c


def training_targets(world):
    """One of each training object per club, for the access matrix (``tr_`` names)."""
    targets = {}
    for n, club, manager, trainee, proposer in (
        (1, world.club1, world.tech_manager, world.technician, world.supervisor_a),
        (2, world.club2, world.store_manager_2, world.technician_2, world.store_manager_2),
    ):
        p = plan(club, manager)
        people = [trainee, world.technician_a2] if n == 1 else [trainee]
        s = session(p, manager, people)
        material = SessionMaterial(session=s, name="steps.pdf", content_type="application/pdf", size=len(PDF))
        material.file.save("steps.pdf", ContentFile(PDF), save=True)
        q = quiz(p)
        judges = [world.tech_manager, world.supervisor_a] if n == 1 else [world.store_manager_2]
        entrants = [world.technician, world.technician_a2, world.technician_b] if n == 1 else [trainee]
        targets.update({
            f"tr_plan_{n}": p,
            f"tr_session_{n}": s,
            f"tr_material_{n}": material,
            f"tr_quiz_{n}": q,
            f"tr_handson_{n}": handson(p),
            f"tr_question_{n}": question(club, "true_false", text="Pressure follows the meridian.", answer_true=True),
            f"tr_attempt_{n}": Attempt.objects.create(assessment=q, person=trainee, number=1),
            f"tr_requirement_{n}": LevelRequirement.objects.create(club=club, level="intermediate", assessment=q),
            f"tr_competition_{n}": competition(club, judges, entrants),
            f"tr_reward_{n}": RewardPenalty.objects.create(
                club=club, person=trainee, date=PAST, kind="reward", category="training", reason="Top of the quiz",
                points=5, proposed_by=proposer,
            ),
        })
    return targets
