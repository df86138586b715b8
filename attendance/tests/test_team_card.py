"""A person's card on the team screen (attendance/views/team_card.py) as the people who open it read it."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from attendance.models import Attendance, GroomingCheck, Status

URL = reverse("attendance:team_day")

pytestmark = pytest.mark.clock("2026-11-20T20:00:00+08:00")


def card_of(response, person):
    """The HTML of one person's card on the page."""
    html = response.content.decode()
    start = html.rindex('<div class="card mb-1 team-row', 0, html.index(f'id="row-{person.pk}"'))
    end = html.find('<div class="card mb-1 team-row', start + 1)
    return html[start:end if end != -1 else html.index("</form>", start)]


def text(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def today(world):
    return timezone.localdate(timezone=world.club1.zone)


def test_the_card_says_what_was_saved_the_minutes_late_and_a_second_grooming_check(client_as, world, today):
    Attendance.objects.create(person=world.technician, club=world.club1, date=today, status=Status.LATE, late_minutes=12)
    for number in (1, 2):
        GroomingCheck.objects.create(person=world.technician, date=today, round=number, passed=number == 2)
    client = client_as(world.supervisor_a)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    card = card_of(client.get(URL), world.technician)
    assert '<span class="badge text-bg-warning" data-testid="saved-status">迟到 12′</span>' in card
    assert "今日已检查 2 次" in text(card)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    assert "2 grooming checks today" in text(card_of(client.get(URL), world.technician))


def test_a_name_is_text_never_markup(client_as, world):
    world.technician.name = '<img src=x onerror="alert(1)">阿美'
    world.technician.save()
    card = card_of(client_as(world.supervisor_a).get(URL), world.technician)
    assert "<img" not in card
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;阿美" in card


def test_the_store_manager_sees_the_days_changes_and_the_supervisor_does_not(client_as, client, world, today):
    saved = Attendance.objects.create(person=world.technician, club=world.club1, date=today, status=Status.PRESENT)
    link = reverse("staff:record_history", args=["attendance.attendance", saved.pk])
    assert link not in card_of(client_as(world.supervisor_a).get(URL), world.technician)
    client.logout()
    page = client_as(world.store_manager).get(URL + f"?team={world.team_a.pk}")
    assert f'<div class="text-end lh-1"><a class="small link-secondary" href="{link}">' in card_of(page, world.technician)


def test_a_day_to_come_shows_every_choice_disabled(client_as, world, today):
    tomorrow = today + datetime.timedelta(days=1)
    card = card_of(client_as(world.supervisor_a).get(URL + f"?date={tomorrow}"), world.technician)
    choices = re.findall(r'<input type="(?:radio|checkbox)"[^>]*>', card)
    assert len(choices) >= 5 and all(choice.endswith(" disabled>") for choice in choices), choices


def test_a_refused_row_names_each_field_and_keeps_the_leave_folded_line(client_as, world):
    client = client_as(world.supervisor_a)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    prefix = f"p{world.technician.pk}"
    response = client.post(URL, {f"{prefix}-presence": "leave", f"{prefix}-arrived": "09:00",
                                 f"p{world.technician_a2.pk}-presence": "worked"})
    card = card_of(response, world.technician)
    assert "border-danger has-errors" in card
    errors = text(card[card.index("row-errors"):card.index('data-testid="leave-type"')])
    assert "Arrived: No arrival or leaving time for someone who did not work." in errors
    assert "Leave type: Leave is chosen: choose which kind of leave, e.g. sick leave." in errors
    assert f'name="{prefix}-arrived" value="09:00"' in card  # what was entered is still there


def test_each_card_speaks_the_readers_language_one_after_another(client_as, world):
    """The row's labels, choices and placeholders are translated once per language (forms/daily.py), never
    left in the language of the reader before."""
    client = client_as(world.supervisor_a)
    for language, words in [("zh-hant", ["到崗", "上班", 'placeholder="儀容儀表問題說明"']),
                            ("en", ["Arrived", "Worked", 'placeholder="Grooming: what was wrong"']),
                            ("zh-hans", ["到岗", "上班", 'placeholder="仪容仪表问题说明"'])]:
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
        card = card_of(client.get(URL), world.technician)
        assert all(word in card for word in words), (language, text(card))


def test_one_rows_form_changed_changes_no_other_row_nor_the_next_page(world):
    """Each row's form gets its own copy of the translated fields (forms/daily.py copies them without Django's
    deep copy of every choice): what one row's form changes stays in that row."""
    from django.utils import translation

    from attendance.forms.daily import TeamRowForm
    from attendance.selectors.daily import policy_and_items

    policy, items = policy_and_items(world.club1)
    day, zone = datetime.date(2026, 11, 20), world.club1.zone

    def form(person):
        return TeamRowForm(None, prefix=f"p{person.pk}", initial={"presence": "worked"}, person=person, day=day,
                           zone=zone, shift=None, policy=policy, items=items)

    with translation.override("en"):
        first, second = form(world.technician), form(world.supervisor_a)
        first.fields["leave_type"].choices = [("sick", "changed")]
        first.fields["note"].widget.attrs["placeholder"] = "changed"
        first.fields["arrived"].error_messages["invalid"] = "changed"
        first.fields["presence"].widget.choices.append(("x", "changed"))
        item = next(name for name in first.fields if name.startswith("item_"))
        first.fields[item].label = "changed"
        for other in (second, form(world.technician)):
            assert "changed" not in str(dict(other.fields["leave_type"].choices).values())
            assert other.fields["note"].widget.attrs["placeholder"] == "Note"
            assert other.fields["arrived"].error_messages["invalid"] != "changed"
            assert ("x", "changed") not in other.fields["presence"].widget.choices
            assert "Sick" in str(other["leave_type"]) and 'placeholder="Note"' in str(other["note"])
        assert form(world.technician).fields[item].label != "changed"
