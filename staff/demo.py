"""Demo chain for ``seed_demo``: two clubs with every position, teams of technicians and logins.

Names are drawn from common Chinese surnames and given names with a fixed seed, so the
same demo comes out on every machine. Everything is looked up before it is created,
so running it twice creates nothing twice.
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction

from .models import Club, Department, Gender, Level, Person, Role, Team

DEMO_PASSWORD = "clubops-demo"  # noqa: S105 - documented demo password

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
FEMALE_GIVEN = ["丽娜", "婷婷", "雅琴", "晓燕", "佳怡", "美玲", "秀英", "静", "敏", "欣怡", "雪梅", "海燕", "慧", "红梅", "桂芳", "梦瑶", "思雨", "晓琳", "玉兰", "春燕", "楠", "丹", "颖", "萍"]
MALE_GIVEN = ["伟", "强", "磊", "军", "洋", "勇", "杰", "涛", "明", "超", "志强", "建华", "俊杰", "浩然", "子豪", "文博", "家豪", "宇航", "鹏", "辉", "斌", "峰", "刚", "健"]

CLUBS = [
    {"code": "sh-jingan", "name": "静安旗舰店", "address": "上海市静安区南京西路 1266 号", "suffix": "", "supervisors": 3},
    {"code": "hz-xihu", "name": "西湖店", "address": "杭州市西湖区文三路 398 号", "suffix": "_2", "supervisors": 2},
]

# (login, position, department kind) for the people with demo logins in each club.
CLUB_LOGINS = [
    ("storemanager", Role.STORE_MANAGER, Department.Kind.ADMIN),
    ("marketing", Role.MARKETING_DIRECTOR, Department.Kind.MARKETING),
    ("caremanager", Role.CARE_MANAGER, Department.Kind.CARE),
    ("techmanager", Role.TECHNICAL_MANAGER, Department.Kind.CARE),
    ("deptmanager", Role.TECHNICIAN_MANAGER, Department.Kind.MASSAGE),
]
TEAM_SIZES = [10, 9, 11]


class NameMaker:
    def __init__(self, seed):
        self.random = random.Random(seed)
        self.used = set()

    def make(self, gender):
        given = FEMALE_GIVEN if gender == Gender.FEMALE else MALE_GIVEN
        while True:
            name = self.random.choice(SURNAMES) + self.random.choice(given)
            if name not in self.used:
                self.used.add(name)
                return name


def _login(username, person):
    User = get_user_model()
    user, created = User.objects.get_or_create(username=username)
    if created:
        user.set_password(DEMO_PASSWORD)
        user.is_staff = user.is_superuser = person.position == Role.OWNER
        user.save()
    if person.user_id != user.pk:
        person.user = user
        person.save(update_fields=["user"])
    return user


def _person(club, key, **fields):
    """One demo person, found by their club and demo phone number."""
    person, _created = Person.objects.get_or_create(club=club, phone=key, defaults=fields)
    return person


@transaction.atomic
def seed_demo(today=None):
    """Create the demo chain if it is not there yet; return the number of people in it."""
    today = today or datetime.date.today()
    names = NameMaker(seed=2026)
    rng = random.Random(7)

    owner = Person.objects.filter(position=Role.OWNER, club__isnull=True, phone="13900000000").first()
    if owner is None:
        owner = Person.objects.create(
            name="周建国", gender=Gender.MALE, phone="13900000000", hire_date=datetime.date(2015, 3, 1), position=Role.OWNER
        )
    _login("owner", owner)

    for index, spec in enumerate(CLUBS):
        club, _ = Club.objects.get_or_create(
            code=spec["code"], defaults={"name": spec["name"], "address": spec["address"], "time_zone": "Asia/Shanghai"}
        )
        departments = {kind: Department.objects.get_or_create(club=club, kind=kind)[0] for kind in Department.Kind.values}
        prefix = f"13{index + 1}"

        def phone(n, prefix=prefix):
            return f"{prefix}{n:08d}"

        def hired(years_back):
            return today - datetime.timedelta(days=int(365 * years_back) + rng.randint(0, 200))

        store_manager = _person(
            club, phone(1), name=names.make(Gender.FEMALE), gender=Gender.FEMALE, hire_date=hired(6),
            position=Role.STORE_MANAGER, department=departments[Department.Kind.ADMIN], reports_to=owner,
        )
        _login("storemanager" + spec["suffix"], store_manager)
        heads = {}
        for n, (login, position, kind) in enumerate(CLUB_LOGINS[1:], start=2):
            gender = Gender.FEMALE if n % 2 else Gender.MALE
            heads[position] = _person(
                club, phone(n), name=names.make(gender), gender=gender, hire_date=hired(4),
                position=position, department=departments[kind], reports_to=store_manager,
            )
            _login(login + spec["suffix"], heads[position])
        # The technical manager reports to the health-care manager (seed part 4).
        technical = heads[Role.TECHNICAL_MANAGER]
        if technical.reports_to_id != heads[Role.CARE_MANAGER].pk:
            technical.reports_to = heads[Role.CARE_MANAGER]
            technical.save(update_fields=["reports_to"])

        for n in range(3):
            gender = Gender.FEMALE if n != 1 else Gender.MALE
            customer_manager = _person(
                club, phone(20 + n), name=names.make(gender), gender=gender, hire_date=hired(2),
                position=Role.CUSTOMER_MANAGER, department=departments[Department.Kind.MARKETING],
                reports_to=heads[Role.MARKETING_DIRECTOR],
            )
            if n == 0:  # the customer manager who signs in: their customers, follow-ups and Today page
                _login("customermanager" + spec["suffix"], customer_manager)

        for t in range(spec["supervisors"]):
            gender = Gender.FEMALE if t % 2 == 0 else Gender.MALE
            supervisor = _person(
                club, phone(10 + t), name=names.make(gender), gender=gender, hire_date=hired(3),
                position=Role.SUPERVISOR, department=departments[Department.Kind.MASSAGE],
                reports_to=heads[Role.TECHNICIAN_MANAGER],
            )
            if t < 2:
                _login(("supervisor" if t == 0 else "supervisor2") + spec["suffix"], supervisor)
            team, _ = Team.objects.get_or_create(
                club=club, name=f"{'ABC'[t]}组",
                defaults={"department": departments[Department.Kind.MASSAGE], "supervisor": supervisor},
            )
            for m in range(TEAM_SIZES[t]):
                gender = Gender.FEMALE if rng.random() < 0.7 else Gender.MALE
                technician = _person(
                    club, phone(100 + t * 20 + m), name=names.make(gender), gender=gender,
                    hire_date=hired(rng.choice([0.3, 1, 2, 4])), position=Role.TECHNICIAN,
                    department=departments[Department.Kind.MASSAGE], reports_to=supervisor, team=team,
                    level=rng.choice([Level.JUNIOR, Level.JUNIOR, Level.INTERMEDIATE, Level.SENIOR]),
                )
                if t == 0 and m == 0:
                    _login("technician" + spec["suffix"], technician)
    return Person.objects.count()
