"""One English word, two meanings: each page says the one it means (translation contexts)."""

import re

from django.urls import reverse

from training.tests.factories import plan


def zh(client, language="zh-hant"):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    return client


def label_of(page, name):
    match = re.search(rf'<label[^>]*for="id_{name}"[^>]*>\s*([^<*]+)', page)
    return match.group(1).strip() if match else None


def test_a_persons_name_is_labelled_as_a_persons_name(client_as, world):
    page = zh(client_as(world.store_manager), "zh-hans").get(reverse("staff:person_add")).content.decode()

    assert label_of(page, "name") == "姓名"


def test_the_shift_and_holiday_tables_head_their_name_column_as_a_things_name(client_as, world):
    client = zh(client_as(world.store_manager))

    shifts = client.get(reverse("attendance:shift_list")).content.decode()
    holidays = client.get(reverse("attendance:holiday_list")).content.decode()

    assert "<th>名稱</th>" in shifts and "<th>姓名</th>" not in shifts
    assert "<th>名稱</th>" in holidays and "<th>姓名</th>" not in holidays


def test_a_training_plans_owner_is_the_person_responsible_not_the_boss(client_as, world):
    the_plan = plan(world.club1, world.tech_manager)

    page = zh(client_as(world.store_manager)).get(reverse("training:plan_detail", args=[the_plan.pk])).content.decode()

    assert "負責人" in page and "老闆" not in page
