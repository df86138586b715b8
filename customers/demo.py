"""Demo customers: a few hundred members per club with a year of contacts, events and outside visits.

``seed(club, *, months=12, today=None)`` writes about 300 customers (members, VIPs, key accounts) spread
over the club's customer managers, a monthly member event and a quarterly lecture with their results,
about four contacts per customer over the year with their next steps (the recent ones still open, a few
overdue), two outside visits a month, and VIP arrivals over the last two weeks and the next (two
today). Deterministic (seeded with the club's code); a club that already has customers is left alone;
a few bulk inserts.
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction

from kernel.clock import club_today
from staff.models import Person, Role

from .access import marketing_people
from .models import Arrival, Contact, Customer, Event, Level, OutsideVisit, Source

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超", "秀英",
         "霞", "平", "刚", "桂英", "慧", "婷", "雪", "欣怡", "子涵", "浩然", "雨桐", "俊杰"]
PREFERENCES = ["力度偏重", "力度适中", "力度轻柔", "喜欢安静的房间", "偏好精油推拿", "只做足疗", "喜欢热石", ""]
HEALTH = ["腰椎间盘突出，避免重压腰部", "颈椎不适", "高血压，避免热敷过久", "膝盖术后，避开膝部", "", "", "", ""]
OUTCOMES = ["已预约周末足疗", "对冬季套餐有兴趣", "暂时不需要", "已续卡", "反馈技师手法很好", "投诉等待时间长，已致歉并赠送项目"]
NEXT_STEPS = ["发送套餐价格", "生日前问候", "回访服务体验", "邀请参加会员活动", "确认预约时间"]
ORGANISATIONS = [("key_account", "星河科技有限公司"), ("chamber", "区商会"), ("association", "女企业家协会"),
                 ("key_account", "华联银行支行"), ("association", "健身爱好者协会"), ("chamber", "浙江商会")]


@transaction.atomic
def seed(club, *, months=12, today=None, **_options):
    """About 300 customers of ``club`` and a year (``months``) of contacts, events and visits."""
    if Customer.objects.filter(club=club).exists():
        return 0
    today = today or club_today(club)
    rng = random.Random(f"customers-{club.code}")
    managers = [p for p in marketing_people(club) if p.position == Role.CUSTOMER_MANAGER] or list(
        marketing_people(club))
    director = Person.objects.active().filter(club=club, position=Role.MARKETING_DIRECTOR).first()
    if not managers:
        return 0
    start = today - datetime.timedelta(days=30 * months)
    events = []
    for n in range(months):
        day = start + datetime.timedelta(days=30 * n + rng.randrange(5, 25))
        held = day < today
        kind = Event.Kind.LECTURE if n % 3 == 2 else Event.Kind.MEMBER_EVENT
        title = "养生讲座" if kind == Event.Kind.LECTURE else "会员答谢日"
        invited = rng.randrange(30, 80)
        signed = rng.randrange(10, invited // 2)
        events.append(Event(club=club, title=f"{day:%m}月{title}", kind=kind, date=day,
                            owner=rng.choice([director, *managers]) if director else rng.choice(managers),
                            plan="邀请老会员带新朋友，现场体验肩颈放松。", budget=Decimal(rng.choice([2000, 3000, 5000])),
                            invited=invited, signed_up=signed if held else rng.randrange(0, signed + 1),
                            attended=rng.randrange(signed // 2, signed + 1) if held else 0,
                            topups=Decimal(rng.choice([0, 5000, 10000, 20000])) if held else 0,
                            results="现场办卡与续卡，后续一周内回访。" if held else "", held=held))
    Event.objects.bulk_create(events)
    held_events = [e for e in events if e.held]
    customers = []
    for n in range(300):
        joined = start + datetime.timedelta(days=rng.randrange(0, (today - start).days))
        level = rng.choices([Level.MEMBER, Level.VIP, Level.KEY_ACCOUNT], weights=[80, 15, 5])[0]
        source = rng.choices(list(Source.values), weights=[40, 25, 15, 10, 10])[0]
        event = None
        if source == Source.EVENT:
            earlier = [e for e in held_events if e.date <= joined]
            event = rng.choice(earlier) if earlier else None
            if event is None:
                source = Source.WALK_IN
        consent = rng.random() < 0.85
        customers.append(Customer(
            club=club, name=rng.choice(SURNAMES) + rng.choice(GIVEN),
            phone=f"1{rng.choice('3589')}{rng.randrange(10**9):09d}",
            level=level, source=source, event=event, manager=rng.choice(managers),
            preferences=rng.choice(PREFERENCES), health_notes=rng.choice(HEALTH),
            birthday=datetime.date(rng.randrange(1960, 2002), rng.randrange(1, 13), rng.randrange(1, 29)),
            consent=consent, consent_on=joined if consent else None, joined_on=joined))
    Customer.objects.bulk_create(customers)
    contacts = []
    for customer in customers:
        day = customer.joined_on
        while True:
            day += datetime.timedelta(days=rng.randrange(20, 110))
            if day > today:
                break
            due = day + datetime.timedelta(days=rng.randrange(3, 30))
            contacts.append(Contact(club=club, customer=customer, by=customer.manager, date=day,
                                    kind=rng.choices(list(Contact.Kind.values), weights=[50, 30, 15, 5])[0],
                                    outcome=rng.choice(OUTCOMES), next_step=rng.choice(NEXT_STEPS), next_due=due,
                                    next_by=customer.manager, next_done=True))
        if contacts and contacts[-1].customer is customer:
            contacts[-1].next_done = rng.random() < 0.3  # the latest next step mostly still open
    Contact.objects.bulk_create(contacts, batch_size=1000)
    visits = []
    for n in range(months * 2):
        day = start + datetime.timedelta(days=15 * n + rng.randrange(0, 10))
        if day >= today:
            break
        kind, organisation = rng.choice(ORGANISATIONS)
        visits.append(OutsideVisit(club=club, date=day, by=rng.choice([director, *managers]) if director else
                                   rng.choice(managers), kind=kind, organisation=organisation,
                                   person_visited=rng.choice(SURNAMES) + rng.choice(["经理", "秘书长", "主任"]),
                                   outcome=rng.choice(["同意员工福利合作", "约定下月会员日", "留下资料，再跟进"]),
                                   next_step=rng.choice(["寄送合作方案", "电话确认", ""]),
                                   next_due=day + datetime.timedelta(days=14)))
    OutsideVisit.objects.bulk_create(visits)
    arrivals = []
    vips = [c for c in customers if c.level != Level.MEMBER]
    for offset in range(-14, 8):
        day = today + datetime.timedelta(days=offset)
        for customer in rng.sample(vips, min(len(vips), rng.randrange(0, 3) + (2 if offset == 0 else 0))):
            arrivals.append(Arrival(club=club, customer=customer, date=day,
                                    time=datetime.time(rng.randrange(11, 21), rng.choice([0, 30])),
                                    receiver=customer.manager,
                                    arranged=rng.choice(["预留8号房，茉莉花茶", "安排指定技师", "准备生日小礼物"]),
                                    arrived=offset < 0, notes_next_time="喜欢安静，水温偏热" if offset < 0 else ""))
    Arrival.objects.bulk_create(arrivals)
    return len(events) + len(customers) + len(contacts) + len(visits) + len(arrivals)
