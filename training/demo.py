"""Demo training records for ``seed_demo``: about three months of plans, sessions and who came,
a question bank with quizzes taken, hands-on results from two assessors, level changes, a
finished knowledge contest and a technique PK still to come, rewards and penalties.

Idempotent: a club that already has training plans is left alone, so a second run creates
nothing. Everything is drawn from a random generator seeded with the club's code, so the
same demo comes out on every machine. Scores use the module's own rules (``assessments``,
``competitions``) so the demo reads like real use; dates are spread over the period.
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction

from staff.models import Department, Level, Person, Role

from . import competitions, levels
from .assessments import HUNDRED, auto_points, percent, weighted_score
from .models import (
    Assessment,
    AssessorSheet,
    Attempt,
    AttemptAnswer,
    Choice,
    Competition,
    LevelAward,
    LevelRequirement,
    Question,
    RewardPenalty,
    RubricCriterion,
    RubricScore,
    SessionAttendance,
    TrainingPlan,
    TrainingPolicy,
    TrainingSession,
)

S, M, TF, SH = Question.Kind.SINGLE, Question.Kind.MULTIPLE, Question.Kind.TRUE_FALSE, Question.Kind.SHORT

# (topic, kind, text, choices [(text, correct)] or True/False, model answer)
BANK = [
    ("theory", S, "足底反射区中，肾上腺反射区位于哪里？",
     [("足底第二、三跖骨之间，靠近足心", True), ("足跟中央", False), ("大脚趾顶端", False), ("足外侧缘", False)]),
    ("theory", S, "足浴水温一般控制在多少？", [("40–45℃", True), ("30℃以下", False), ("55℃以上", False)]),
    ("theory", M, "以下哪些情况不宜立即做足部按摩？",
     [("饭后一小时内", True), ("足部有开放性伤口", True), ("酒后", True), ("轻度疲劳", False)]),
    ("theory", TF, "按摩力度越大，效果越好。", False),
    ("theory", TF, "按摩前应先询问顾客的身体状况和禁忌。", True),
    ("theory", SH, "简述足部按摩的基本流程。", "泡脚—放松—基本反射区—对症反射区—基本反射区—放松—结束"),
    ("theory", S, "风池穴位于哪里？", [("枕骨下两侧凹陷处", True), ("肩峰端", False), ("颈前正中", False)]),
    ("theory", M, "常用的按摩基本手法包括哪些？", [("按法", True), ("揉法", True), ("推法", True), ("跳法", False)]),
    ("theory", TF, "顾客出现头晕、心慌时应立即停止按摩并报告主管。", True),
    ("scripts", S, "向顾客推荐加钟项目时，最合适的做法是？",
     [("先了解顾客感受，再根据需要推荐", True), ("直接说必须加钟", False), ("说别的顾客都加了", False)]),
    ("scripts", TF, "讲解项目功效时，可以承诺治愈疾病。", False),
    ("scripts", M, "服务结束时的标准话术应包括？",
     [("感谢光临", True), ("提醒多喝温水", True), ("邀请下次光临", True), ("评价其他技师", False)]),
    ("scripts", SH, "请写出向顾客介绍“中药泡脚”的推广话术。", "功效（温经散寒、助眠）、适合人群、价格与疗程、邀请体验"),
    ("scripts", TF, "顾客拒绝推荐后，应礼貌停止，不反复推销。", True),
    ("scripts", S, "顾客问“这个项目有什么用”，首先应当？",
     [("用通俗的话讲清功效和感受", True), ("报出全部价格", False), ("让顾客自己看价目表", False)]),
    ("grooming", M, "上岗前的仪容检查包括？", [("工服整洁", True), ("佩戴工牌", True), ("指甲修剪", True), ("浓妆", False)]),
    ("grooming", TF, "女技师上岗应化淡妆。", True),
    ("grooming", S, "引领顾客时应走在顾客的？", [("左前方一至两步", True), ("正后方", False), ("并排", False)]),
    ("grooming", TF, "可以在服务区域内用手机聊天。", False),
    ("sales", S, "顾客进门后首先应当？", [("微笑问候并主动迎接", True), ("先介绍价格", False), ("等顾客开口", False)]),
    ("sales", M, "办理会员卡时应向顾客说明？",
     [("充值优惠", True), ("使用规则", True), ("有效期", True), ("其他顾客的消费记录", False)]),
    ("sales", TF, "顾客犹豫时可以夸大优惠来促成成交。", False),
    ("sales", SH, "顾客说“太贵了”，你会如何回应？", "先认同感受，再讲价值与体验，给出合适的套餐或体验价"),
]

PLANS = [
    # key, title, topic, department, position, owner position, goals, assessment plan
    ("theory", "足疗理论知识", "theory", Department.Kind.MASSAGE, Role.TECHNICIAN, Role.TECHNICAL_MANAGER,
     "每位技师掌握足部反射区、常用穴位和禁忌症。", "理论测验（70 分及格，最多 3 次）。"),
    ("technique", "足底按摩技术流程", "technique", Department.Kind.MASSAGE, Role.TECHNICIAN, Role.TECHNICAL_MANAGER,
     "按标准流程完成 60 分钟足底按摩，力度、穴位、顺序规范。", "手法考核：两名考官按评分表打分，75 分及格。"),
    ("scripts", "讲解推广话术", "scripts", Department.Kind.MASSAGE, Role.TECHNICIAN, Role.TECHNICAL_MANAGER,
     "熟练讲解项目功效，礼貌推荐加钟和疗程。", "话术测验（60 分及格）。"),
    ("grooming", "仪容仪表与礼仪", "grooming", Department.Kind.MASSAGE, "", Role.TECHNICAL_MANAGER,
     "统一着装、工牌、淡妆，标准用语和引领礼仪。", "每月仪容抽查，礼仪测验。"),
    ("sales", "接待与销售技巧", "sales", Department.Kind.MARKETING, Role.CUSTOMER_MANAGER, Role.MARKETING_DIRECTOR,
     "客户经理熟练接待、介绍会员卡、处理价格异议。", "销售测验（60 分及格）。"),
]

SUBJECTS = {
    "theory": ["足部反射区总论", "常用穴位定位", "禁忌症与安全", "肩颈穴位"],
    "technique": ["足底按摩标准流程演示", "力度与节奏练习", "对症反射区操作", "流程串联考核前练习"],
    "scripts": ["项目功效讲解", "加钟与疗程推荐", "服务结束话术"],
    "grooming": ["着装与工牌规范", "标准用语与引领礼仪"],
    "sales": ["前台接待流程", "会员卡介绍", "价格异议处理"],
}
HANDS_ON_RUBRIC = [("手法力度", 3, 10), ("穴位准确", 3, 10), ("流程顺序", 2, 10), ("服务礼仪", 1, 10)]
CONTEST_RUBRIC = [("答题准确", 3, 10), ("表达清晰", 1, 10)]
PK_RUBRIC = [("手法技术", 3, 10), ("流程规范", 2, 10), ("服务礼仪", 1, 10)]
REWARD_REASONS = [
    ("reward", "attendance", "当月全勤", 10, "100"),
    ("reward", "service", "顾客书面表扬", 5, "50"),
    ("reward", "training", "理论测验满分", 5, "0"),
    ("reward", "sales", "推荐疗程卡成交", 8, "80"),
    ("penalty", "attendance", "迟到 30 分钟以上", 5, "50"),
    ("penalty", "grooming", "未佩戴工牌上岗", 2, "20"),
    ("penalty", "service", "顾客投诉服务态度", 10, "100"),
]


def _at(day, hour, zone):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=zone)


def _by_position(club, position):
    return Person.objects.active().filter(club=club, position=position).order_by("pk")


@transaction.atomic
def seed(*, club, today, days):
    """Demo training for ``club`` over the ``days`` before ``today``; nothing when the club has plans already."""
    if TrainingPlan.objects.filter(club=club).exists():
        return 0
    rng = random.Random(f"training-{club.code}")
    start = today - datetime.timedelta(days=max(days, 14))
    heads = {p.position: p for p in Person.objects.active().filter(club=club).exclude(position=Role.TECHNICIAN)}
    if Role.TECHNICAL_MANAGER not in heads or Role.STORE_MANAGER not in heads:
        return 0
    TrainingPolicy.objects.update_or_create(
        club=club, defaults={"level_valid_months": 12, "forbid_judging_own_team": club.code == "sh-jingan"}
    )
    bank = _bank(club, heads[Role.TECHNICAL_MANAGER])
    plans = _plans(club, heads, start, today)
    _sessions(club, plans, heads, start, today, rng)
    assessments = _assessments(plans)
    technicians = list(_by_position(club, Role.TECHNICIAN))
    _initial_levels(club, technicians, heads, today, rng)
    _results(club, assessments, bank, heads, technicians, start, today, rng)
    _promote(club, technicians, heads[Role.TECHNICAL_MANAGER])
    _competitions(club, heads, technicians, today, rng)
    _rewards(club, heads, technicians, start, today, rng)
    return 1


def _bank(club, author):
    by_topic = {}
    for topic, kind, text, answer, *rest in BANK:
        department = club.departments.filter(kind="marketing" if topic == "sales" else "massage").first()
        question = Question.objects.create(
            club=club, department=department, topic=topic, kind=kind, text=text, points=2 if kind in (M, SH) else 1,
            answer_true=answer if kind == TF else None, model_answer=answer if kind == SH else "", created_by=author,
        )
        if kind in (S, M):
            Choice.objects.bulk_create(
                Choice(question=question, text=choice, is_correct=correct, order=n) for n, (choice, correct) in enumerate(answer)
            )
        by_topic.setdefault(topic, []).append(question)
    return by_topic


def _plans(club, heads, start, today):
    departments = {d.kind: d for d in Department.objects.filter(club=club)}
    plans = {}
    for key, title, topic, kind, position, owner, goals, assessment_plan in PLANS:
        plans[key] = TrainingPlan.objects.create(
            club=club, title=title, topic=topic, department=departments[kind], position=position,
            owner=heads.get(owner) or heads[Role.TECHNICAL_MANAGER], goals=goals, assessment_plan=assessment_plan,
            starts_on=start, ends_on=today + datetime.timedelta(days=30),
        )
    return plans


def _sessions(club, plans, heads, start, today, rng):
    places = ["培训室", "二楼大厅", "3 号包间"]
    for offset, (key, plan) in enumerate(plans.items()):
        trainer = plan.owner
        if key == "technique" and Role.TECHNICIAN_MANAGER in heads:
            trainer = heads[Role.TECHNICIAN_MANAGER]
        people = list(plan.trainees())
        day = start + datetime.timedelta(days=3 + offset * 2)
        n = 0
        while day <= today + datetime.timedelta(days=14):
            session = TrainingSession.objects.create(
                plan=plan, club=club, subject=SUBJECTS[key][n % len(SUBJECTS[key])], date=day,
                start=datetime.time(14 if n % 2 else 10), end=datetime.time(16 if n % 2 else 12),
                place=places[n % len(places)], trainer=trainer,
                materials="讲义见附件；请带好工服和记录本。" if n % 2 == 0 else "",
            )
            held = day < today
            rows = []
            for person in people:
                status = SessionAttendance.Status.EXPECTED
                if held:
                    roll = rng.random()
                    status = "present" if roll < 0.88 else "late" if roll < 0.95 else "absent"
                rows.append(SessionAttendance(session=session, person=person, status=status,
                                              note="请假补课" if status == "absent" else ""))
            SessionAttendance.objects.bulk_create(rows)
            if held:
                session.status = TrainingSession.Status.HELD
                session.attendance_taken_by = trainer
                session.attendance_taken_at = _at(day, 17, club.zone)
                session.save(update_fields=["status", "attendance_taken_by", "attendance_taken_at"])
            day += datetime.timedelta(days=14)
            n += 1


def _assessments(plans):
    def make(plan, title, kind, **fields):
        return Assessment.objects.create(plan=plan, club_id=plan.club_id, title=title, kind=kind, **fields)

    result = {
        "theory": make(plans["theory"], "理论测验", "quiz", pass_mark=70, question_count=8),
        "handson": make(plans["technique"], "足底按摩手法考核", "hands_on", pass_mark=75, assessors_required=2),
        "advanced": make(plans["technique"], "高级手法考核", "hands_on", pass_mark=85, assessors_required=2,
                         max_attempts=2),
        "scripts": make(plans["scripts"], "话术测验", "quiz", pass_mark=60, question_count=5),
        "grooming": make(plans["grooming"], "礼仪测验", "quiz", pass_mark=75, question_count=4),
        "sales": make(plans["sales"], "销售测验", "quiz", pass_mark=60, question_count=4),
    }
    for key in ("handson", "advanced"):
        RubricCriterion.objects.bulk_create(
            RubricCriterion(assessment=result[key], name=name, weight=weight, max_score=highest, order=n)
            for n, (name, weight, highest) in enumerate(HANDS_ON_RUBRIC)
        )
    club = result["theory"].club
    for level, keys in ((Level.INTERMEDIATE, ["theory", "handson"]), (Level.SENIOR, ["scripts", "advanced"])):
        for key in keys:
            LevelRequirement.objects.create(club=club, level=level, assessment=result[key])
    return result


def _initial_levels(club, technicians, heads, today, rng):
    """The levels technicians hold already, recorded as set by hand, some due for re-certification soon."""
    for person in technicians:
        if not person.level:
            continue
        granted = today - datetime.timedelta(days=rng.randint(120, 372))
        levels.level_change(person=person, level=person.level, kind=LevelAward.Kind.MANUAL,
                            by=heads[Role.TECHNICAL_MANAGER], on=granted, reason="入职定级")


def _quiz_attempt(assessment, person, number, questions, skill, day, by, marker, rng):
    zone = assessment.club.zone
    attempt = Attempt.objects.create(assessment=assessment, person=person, number=number, entered_by=by)
    drawn = rng.sample(questions, min(assessment.question_count, len(questions)))
    rows = []
    for n, question in enumerate(drawn):
        right = rng.random() < skill
        row = AttemptAnswer(attempt=attempt, question=question, order=n, max_points=question.points)
        choices = list(question.choices.all())
        if question.kind == S:
            pick = [c for c in choices if c.is_correct == right] or choices
            row.chosen = [rng.choice(pick).pk]
        elif question.kind == M:
            correct = [c.pk for c in choices if c.is_correct]
            row.chosen = correct if right else correct[:-1] or [choices[-1].pk]
        elif question.kind == TF:
            row.answer_bool = question.answer_true if right else not question.answer_true
        else:
            row.answer_text = question.model_answer if right else "按流程操作，注意顾客感受。"
        row.points = auto_points(question, row)
        if row.points is None:
            row.points = Decimal(question.points if right else rng.choice([0, 1]) if question.points > 1 else 0)
            row.marked_by = marker
        rows.append(row)
    AttemptAnswer.objects.bulk_create(rows)
    total = sum(r.max_points for r in rows)
    score = percent(HUNDRED * sum(r.points for r in rows) / total)
    _finish(attempt, score, day, zone)
    return attempt


def _handson_attempt(assessment, person, number, assessors, skill, day, rng):
    zone = assessment.club.zone
    criteria = list(assessment.criteria.all())
    attempt = Attempt.objects.create(assessment=assessment, person=person, number=number, entered_by=assessors[0])
    weighted = []
    for assessor in assessors:
        scores = {c.pk: Decimal(max(0, min(c.max_score, round(rng.gauss(skill * c.max_score, 1.0) * 2) / 2)))
                  for c in criteria}
        sheet = AssessorSheet.objects.create(attempt=attempt, assessor=assessor, weighted=weighted_score(criteria, scores))
        RubricScore.objects.bulk_create(RubricScore(sheet=sheet, criterion=c, score=scores[c.pk]) for c in criteria)
        weighted.append(sheet.weighted)
    _finish(attempt, percent(sum(weighted) / len(weighted)), day, zone)
    return attempt


def _finish(attempt, score, day, zone):
    attempt.score = score
    attempt.passed = score >= attempt.assessment.pass_mark
    attempt.state = Attempt.State.MARKED
    attempt.finished_on = day
    attempt.submitted_at = _at(day, 16, zone)
    attempt.save(update_fields=["score", "passed", "state", "finished_on", "submitted_at"])


def _results(club, assessments, bank, heads, technicians, start, today, rng):
    """Quizzes and hands-on results over the period; a failed try is retaken within the limit."""
    marker = heads[Role.TECHNICAL_MANAGER]
    assessors = [heads[Role.TECHNICAL_MANAGER], heads.get(Role.TECHNICIAN_MANAGER) or heads[Role.STORE_MANAGER]]
    span = max((today - start).days - 10, 1)

    def day_in(low, high):
        return start + datetime.timedelta(days=rng.randint(int(span * low), max(int(span * high), int(span * low))))

    def run(assessment, person, kind, skill, low, high):
        day = day_in(low, high)
        for number in range(1, assessment.max_attempts + 1):
            if kind == "quiz":
                attempt = _quiz_attempt(assessment, person, number, bank[assessment.plan.topic], skill, day,
                                        person, marker, rng)
            else:
                attempt = _handson_attempt(assessment, person, number, assessors, skill, day, rng)
            if attempt.passed or rng.random() < 0.3 or day >= today - datetime.timedelta(days=3):
                return attempt.passed
            skill = min(skill + 0.12, 0.98)
            day = min(day + datetime.timedelta(days=rng.randint(5, 12)), today - datetime.timedelta(days=1))
        return False

    for person in technicians:
        skill = {"": 0.62, Level.JUNIOR: 0.7, Level.INTERMEDIATE: 0.8, Level.SENIOR: 0.9}[person.level]
        skill = min(max(skill + rng.uniform(-0.15, 0.12), 0.3), 0.98)
        if rng.random() < 0.9:
            run(assessments["theory"], person, "quiz", skill, 0.1, 0.5)
        if rng.random() < 0.8:
            run(assessments["handson"], person, "hands_on", skill, 0.3, 0.8)
        if rng.random() < 0.6:
            run(assessments["scripts"], person, "quiz", skill, 0.4, 0.9)
        if person.level in (Level.INTERMEDIATE, Level.SENIOR) and rng.random() < 0.5:
            run(assessments["advanced"], person, "hands_on", skill, 0.6, 1.0)
    for person in _by_position(club, Role.SUPERVISOR).filter(department__kind=Department.Kind.MASSAGE):
        run(assessments["grooming"], person, "quiz", 0.85, 0.2, 0.6)
    for person in technicians[: len(technicians) // 2]:
        run(assessments["grooming"], person, "quiz", 0.8, 0.2, 0.9)
    for person in _by_position(club, Role.CUSTOMER_MANAGER):
        run(assessments["sales"], person, "quiz", rng.uniform(0.6, 0.9), 0.3, 0.9)


def _promote(club, technicians, by):
    """Whoever passed the next level's assessments goes up, on the day of their last required pass."""
    required = {}
    for level, assessment_id in LevelRequirement.objects.filter(club=club).values_list("level", "assessment_id"):
        required.setdefault(level, set()).add(assessment_id)
    for person in technicians:
        person.refresh_from_db()
        target = levels.next_level(person.level)
        while target and target in required:
            passes = dict(
                Attempt.objects.filter(person=person, passed=True, assessment_id__in=required[target])
                .order_by("finished_on").values_list("assessment_id", "finished_on")
            )
            if set(passes) != required[target]:
                break
            levels.level_change(person=person, level=target, kind=LevelAward.Kind.PROMOTION, by=by,
                                on=max(passes.values()), reason=levels.REASONS["promotion"])
            person.level = target
            target = levels.next_level(target)


def _competitions(club, heads, technicians, today, rng):
    judges = [heads[Role.TECHNICAL_MANAGER]]
    judges += [p for p in (heads.get(Role.TECHNICIAN_MANAGER), heads.get(Role.CARE_MANAGER)) if p]
    supervisors = list(_by_position(club, Role.SUPERVISOR)[:1])
    contestants = rng.sample(technicians, min(8, len(technicians)))
    contest = competitions.competition_create(
        club=club, name="专业知识大比拼", kind=Competition.Kind.KNOWLEDGE, held_on=today - datetime.timedelta(days=20),
        tie_break=Competition.TieBreak.TOP_CRITERION, rounds=["必答题", "抢答题"], criteria=CONTEST_RUBRIC,
        judges=judges + supervisors, participants=contestants, by=heads[Role.TECHNICAL_MANAGER],
    )
    _judge(contest, rng)
    competitions.competition_finish(competition=contest, by=heads[Role.TECHNICAL_MANAGER])
    Competition.objects.filter(pk=contest.pk).update(finished_at=_at(contest.held_on, 18, club.zone))
    pk = competitions.competition_create(
        club=club, name="技术手法大PK", kind=Competition.Kind.TECHNIQUE, held_on=today + datetime.timedelta(days=10),
        tie_break=Competition.TieBreak.LAST_ROUND, rounds=["初赛", "决赛"], criteria=PK_RUBRIC, judges=judges,
        participants=rng.sample(technicians, min(6, len(technicians))), by=heads[Role.TECHNICAL_MANAGER],
    )
    return contest, pk


def _judge(competition, rng):
    entries = list(competition.entries.select_related("person__team"))
    forbidden = competitions.forbidding_clubs(entries)
    skill = {e.pk: rng.uniform(0.55, 0.95) for e in entries}
    for judge in competition.judges.select_related("person"):
        blocked = competitions.scoring_problems(judge=judge.person, entries=entries, forbidden_clubs=forbidden)
        for round_ in competition.rounds.all():
            scores = {
                (e.pk, c.pk): Decimal(max(0, min(c.max_score, round(rng.gauss(skill[e.pk] * c.max_score, 0.8) * 2) / 2)))
                for e in entries if e.pk not in blocked for c in competition.criteria.all()
            }
            if scores:
                competitions.scores_save(competition=competition, round=round_, judge=judge.person, scores=scores)


def _rewards(club, heads, technicians, start, today, rng):
    store_manager = heads[Role.STORE_MANAGER]
    proposers = [p for p in (heads.get(Role.TECHNICAL_MANAGER), heads.get(Role.TECHNICIAN_MANAGER)) if p]
    span = max((today - start).days, 1)
    records = []
    for n in range(max(6, span // 5)):
        kind, category, reason, points, amount = rng.choice(REWARD_REASONS)
        person = rng.choice(technicians)
        day = start + datetime.timedelta(days=rng.randint(0, span - 1))
        proposer = person.reports_to if person.reports_to_id and rng.random() < 0.5 else rng.choice(proposers)
        recent = (today - day).days < 4
        status = RewardPenalty.Status.PROPOSED if recent else (
            RewardPenalty.Status.REJECTED if rng.random() < 0.08 else RewardPenalty.Status.APPROVED)
        records.append(RewardPenalty(
            club=club, person=person, date=day, kind=kind, category=category, reason=reason, points=points,
            amount=Decimal(amount), status=status, proposed_by=proposer,
            decided_by=None if status == RewardPenalty.Status.PROPOSED else store_manager,
            decided_at=None if status == RewardPenalty.Status.PROPOSED else _at(day + datetime.timedelta(days=1), 11,
                                                                               club.zone),
            decision_note="证据不足" if status == RewardPenalty.Status.REJECTED else "",
        ))
    for back, (kind, category, reason, points, amount) in ((1, REWARD_REASONS[1]), (2, REWARD_REASONS[5])):
        person = rng.choice(technicians)
        records.append(RewardPenalty(  # waiting for the store manager
            club=club, person=person, date=today - datetime.timedelta(days=back), kind=kind, category=category,
            reason=reason, points=points, amount=Decimal(amount), proposed_by=person.reports_to or proposers[0],
        ))
    contest = Competition.objects.filter(club=club, status=Competition.Status.FINISHED).first()
    if contest is not None:
        for standing in competitions.winners(contest):
            records.append(RewardPenalty(
                club=club, person=standing.entry.person, date=contest.held_on, kind="reward", category="competition",
                reason=f"{contest.name} 第一名", points=20, amount=Decimal(200), status=RewardPenalty.Status.APPROVED,
                proposed_by=heads[Role.TECHNICAL_MANAGER], decided_by=store_manager,
                decided_at=_at(contest.held_on + datetime.timedelta(days=1), 11, club.zone),
            ))
    RewardPenalty.objects.bulk_create(records)
