"""Demo documents for a club: rules, SOPs, scripts, a grooming standard and monthly competitor reports.

``seed(club, today=None)`` writes them once (nothing when the club has documents already), with
fixed texts and dates counted back from ``today``, so the same demo comes out on every machine:

* 仪容仪表规范 (grooming standard, requires acknowledgement by the massage department's
  technicians and supervisors): version 1 two months ago, version 2 three weeks ago; all but three
  technicians have confirmed version 2;
* 足疗技术操作流程 (SOP, requires acknowledgement by the technicians): all but two confirmed;
* 服务讲解与推广话术 (service script), 技师部考勤与请假制度 (department rule): published, nothing to confirm;
* 竞争对手分析月报 (competitor research) for each of the last three months, filed by the marketing director;
* 前台接待话术 (script) as a draft waiting for the store manager to publish it.
"""

import datetime

from django.db import transaction

from kernel.clock import club_today
from kernel.months import last_months, month_start, previous_month
from staff.models import Department, Person, Role

from .models import Acknowledgement, Document, DocumentVersion, Kind

GROOMING_V1 = """# 仪容仪表规范

## 一、着装
1. 上岗统一穿着公司工服，工牌佩戴于左胸。
2. 工服干净平整，无污渍、无破损。
3. 穿黑色软底工作鞋，不穿拖鞋、凉鞋上岗。

## 二、个人卫生
- 头发干净整齐，长发必须盘起，不遮挡面部。
- 指甲修剪整齐，长度不超过指尖，不涂有色指甲油。
- 上岗前不吃有异味的食物，保持口气清新。

## 三、妆容
女技师上岗须化淡妆；男技师不留胡须。
"""

GROOMING_V2 = GROOMING_V1 + """
## 四、饰品（第二版新增）
- 上岗时不佩戴戒指、手链、手表等，以免划伤顾客。
- 耳饰仅限小耳钉。

| 检查项 | 标准 |
| --- | --- |
| 指甲 | 不超过指尖，无指甲油 |
| 头发 | 盘起，无碎发 |
| 工牌 | 佩戴于左胸 |
"""

FOOT_SOP = """# 足疗技术操作流程

## 准备
1. 提前 5 分钟备好泡脚桶（水温 40–42℃）、毛巾三条、按摩膏。
2. 向顾客问好并自我介绍：“您好，我是 X 号技师，今天由我为您服务。”

## 操作步骤
1. **泡脚** 10 分钟，期间做肩颈放松。
2. **擦干** 双脚，先左后右，用毛巾包好未操作的一只脚。
3. **按摩** 按反射区顺序：肾 → 输尿管 → 膀胱 → 头部反射区 → 其余反射区。
4. 力度以顾客感到“酸胀不痛”为准，每 10 分钟询问一次力度是否合适。
5. **收尾** 放松小腿，整理毛巾，提醒顾客喝温水。

## 注意
- 顾客有糖尿病、静脉曲张或足部伤口时，降低力度并报告主管。
"""

SCRIPT = """# 服务讲解与推广话术

## 迎宾
“您好，欢迎光临！请问您有预约吗？今天想体验什么项目？”

## 项目介绍
“我们的招牌足疗有 60 分钟和 90 分钟两种，90 分钟加了肩颈放松，比较适合久坐办公的朋友。”

## 推荐会员卡
- 先了解顾客到店频率，再介绍：“如果您每月来两次以上，办理会员卡更划算。”
- 不强推，顾客拒绝后不再重复推荐。

## 送客
“感谢您的光临，回去记得多喝温水，期待您下次光临！”
"""

ATTENDANCE_RULE = """# 技师部考勤与请假制度

1. 早班 10:00、晚班 14:00 前到岗打卡，迟到 10 分钟以内记迟到一次。
2. 每月迟到三次以上，由主管进行谈话并记录。
3. 请假须提前一天向主管申请，病假须补交证明。
4. 无故缺勤一天按旷工处理。
"""

RECEPTION_DRAFT = """# 前台接待话术（草稿）

- 电话接听：“您好，静心养生会所，请问有什么可以帮您？”
- 预约确认：复述时间、项目、人数和技师号。
"""


def _competitor_report(month):
    return f"""# {month:%Y年%m月}竞争对手分析

## 周边门店
| 门店 | 主推项目 | 价格变化 | 活动 |
| --- | --- | --- | --- |
| 足道养生馆 | 足疗 60 分钟 | 持平 | 新客首单八折 |
| 悦康推拿 | 肩颈推拿 | 上调 10 元 | 会员充值送项目 |

## 结论与对策
1. 对方新客折扣吸引了部分散客，本店以“首次体验送肩颈放松 10 分钟”应对。
2. 继续保持技师服务质量优势，提升点钟率。
"""


def _at(club, day, hour=10):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=club.zone)


def _one(club, position, kind=None):
    people = Person.objects.filter(club=club, position=position, status=Person.Status.ACTIVE)
    if kind:
        people = people.filter(department__kind=kind)
    return people.order_by("pk").first()


def _publish(document, number, body, by, when, note=""):
    version = DocumentVersion.objects.create(
        document=document, number=number, body=body, note=note, drafted_by=document.created_by,
        state=DocumentVersion.State.PUBLISHED, published_by=by, published_at=when,
    )
    document.current = version
    document.save(update_fields=["current"])
    return version


def _confirm(version, people, when):
    Acknowledgement.objects.bulk_create(Acknowledgement(version=version, person=p) for p in people)
    Acknowledgement.objects.filter(version=version).update(acknowledged_at=when)


@transaction.atomic
def seed(club, *, today=None, **_options):
    """The demo documents of ``club``; returns how many were made (0 when it has documents already)."""
    if Document.objects.filter(club=club).exists():
        return 0
    today = today or club_today(club)
    store_manager = _one(club, Role.STORE_MANAGER)
    tech_manager = _one(club, Role.TECHNICAL_MANAGER) or store_manager
    dept_manager = _one(club, Role.TECHNICIAN_MANAGER) or store_manager
    marketing = _one(club, Role.MARKETING_DIRECTOR) or store_manager
    if store_manager is None:
        return 0
    departments = {d.kind: d for d in Department.objects.filter(club=club)}
    massage = departments.get(Department.Kind.MASSAGE)
    technicians = list(Person.objects.filter(club=club, position=Role.TECHNICIAN, status=Person.Status.ACTIVE,
                                             department__kind=Department.Kind.MASSAGE).order_by("pk"))
    supervisors = list(Person.objects.filter(club=club, position=Role.SUPERVISOR, status=Person.Status.ACTIVE,
                                             department__kind=Department.Kind.MASSAGE).order_by("pk"))
    made = 0

    grooming = Document.objects.create(
        club=club, department=massage, kind=Kind.STANDARD, title="仪容仪表规范", approver=store_manager,
        requires_acknowledgement=True, positions=[Role.TECHNICIAN, Role.SUPERVISOR],
        department_kinds=[Department.Kind.MASSAGE], created_by=tech_manager,
    )
    first = _publish(grooming, 1, GROOMING_V1, store_manager, _at(club, today - datetime.timedelta(days=60)))
    _confirm(first, technicians + supervisors, _at(club, today - datetime.timedelta(days=59), 11))
    second = _publish(grooming, 2, GROOMING_V2, store_manager, _at(club, today - datetime.timedelta(days=21)),
                      note="新增第四条：饰品要求")
    _confirm(second, technicians[3:] + supervisors, _at(club, today - datetime.timedelta(days=20), 11))
    made += 1

    sop = Document.objects.create(
        club=club, department=massage, kind=Kind.SOP, title="足疗技术操作流程", approver=dept_manager,
        requires_acknowledgement=True, positions=[Role.TECHNICIAN], department_kinds=[Department.Kind.MASSAGE],
        created_by=tech_manager,
    )
    version = _publish(sop, 1, FOOT_SOP, dept_manager, _at(club, today - datetime.timedelta(days=40)))
    _confirm(version, technicians[:-2], _at(club, today - datetime.timedelta(days=38), 15))
    made += 1

    for kind, title, body, author, approver, days in (
        (Kind.SCRIPT, "服务讲解与推广话术", SCRIPT, tech_manager, store_manager, 50),
        (Kind.RULE, "技师部考勤与请假制度", ATTENDANCE_RULE, dept_manager, store_manager, 90),
    ):
        document = Document.objects.create(club=club, department=massage, kind=kind, title=title,
                                           approver=approver, created_by=author)
        _publish(document, 1, body, approver, _at(club, today - datetime.timedelta(days=days)))
        made += 1

    marketing_department = departments.get(Department.Kind.MARKETING)
    for month in reversed(last_months(previous_month(month_start(today)), 3)):
        report = Document.objects.create(
            club=club, department=marketing_department, kind=Kind.COMPETITOR, title=f"竞争对手分析月报 {month:%Y-%m}",
            approver=store_manager, period=month, created_by=marketing,
        )
        filed = min(month.replace(day=28), today)
        _publish(report, 1, _competitor_report(month), store_manager, _at(club, filed, 17))
        made += 1

    draft = Document.objects.create(
        club=club, department=marketing_department, kind=Kind.SCRIPT, title="前台接待话术", approver=store_manager,
        created_by=marketing,
    )
    DocumentVersion.objects.create(document=draft, number=1, body=RECEPTION_DRAFT, drafted_by=marketing)
    return made + 1
