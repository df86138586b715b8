"""The demo documents: real-sounding rules in Chinese, one mostly (not fully) confirmed, monthly competitor reports."""

import datetime

import pytest

from documents import demo, selectors
from documents.models import Document
from tests.factories import PersonFactory

pytestmark = pytest.mark.clock("2026-11-20T15:00:00+08:00")


def test_the_demo_club_gets_its_documents_once(world):
    for n in range(5):
        PersonFactory(name=f"Extra {n}", club=world.club1, department=world.technician.department, team=world.team_a)
    today = datetime.date(2026, 11, 20)
    made = demo.seed(world.club1, today=today)
    assert made == Document.objects.filter(club=world.club1).count() >= 7
    assert demo.seed(world.club1, today=today) == 0  # nothing twice

    grooming = Document.objects.get(club=world.club1, title="仪容仪表规范")
    assert grooming.current.number == 2
    missing, asked = selectors.outstanding([grooming])[grooming.pk]
    assert 0 < missing < asked  # most, not all, confirmed
    assert "<h1>" not in grooming.current.body and "指甲" in grooming.current.body
    for month in (datetime.date(2026, 8, 1), datetime.date(2026, 9, 1), datetime.date(2026, 10, 1)):
        end = (month + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
        assert selectors.filed_in(world.club1, "competitor", month, end).count() == 1
    assert Document.objects.filter(club=world.club1, current__isnull=True).count() == 1  # the draft
