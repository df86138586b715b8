"""Factories for the people and places tests talk about."""

import datetime

import factory
from django.contrib.auth import get_user_model

from staff.models import Club, Department, Gender, Person, Role, Team

PASSWORD = "clubops-test-pass"  # noqa: S105


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save()


class ClubFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Club
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Club {n}")
    code = factory.Sequence(lambda n: f"club-{n}")
    time_zone = "Asia/Shanghai"

    @factory.post_generation
    def departments(self, create, extracted, **kwargs):
        if create:
            for kind in Department.Kind.values:
                Department.objects.get_or_create(club=self, kind=kind)


def department(club, kind):
    return Department.objects.get(club=club, kind=kind)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")
    gender = Gender.FEMALE
    hire_date = datetime.date(2024, 1, 15)
    position = Role.TECHNICIAN
    club = factory.SubFactory(ClubFactory)

    class Params:
        login = factory.Trait(user=factory.SubFactory(UserFactory))


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    club = factory.SubFactory(ClubFactory)
    name = factory.Sequence(lambda n: f"Team {n}")
    department = factory.LazyAttribute(lambda o: department(o.club, Department.Kind.MASSAGE))
