"""What a person sees on the pages the walk (scripts/walk-screens) found wrong, each kept from coming back.

Each test opens the page as the role that found it and reads what is on it: a link that would
answer "forbidden", a database name instead of words, a "---------" button, a code-like
``v1``, a picture the fonts cannot draw; the browser tests measure what only a screen shows —
menu labels broken into a column of single characters, a chart's axis cut at the card's edge,
a row's action squeezed to one character per line on a phone.
"""

import datetime
import io
import re

import pytest
from django.utils import translation
from django.core.management import call_command
from django.urls import reverse

from duties.models import Duty, DutyVersion, Evidence
from meetings.models import Attendee
from meetings.tests.factories import make_series
from staff.models import Role


@pytest.fixture(autouse=True)
def english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def body(response):
    """The page's visible text, roughly: tags and scripts left out."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_a_blank_choice_says_choose_or_none_in_words():
    from django import forms

    from staff.templatetags.form_words import BlanksInWords

    class Form(BlanksInWords, forms.Form):
        needed = forms.ChoiceField(choices=[("", "---------"), ("a", "A")])
        optional = forms.ChoiceField(choices=[("", "---------"), ("a", "A")], required=False)
        kind = forms.ChoiceField(choices=[("", "---------"), ("a", "A")], widget=forms.RadioSelect)

    form = Form()
    with translation.override("en"):
        assert [str(label) for _value, label in form.fields["needed"].choices] == ["Choose…", "A"]
        assert [str(label) for _value, label in form.fields["optional"].choices] == ["(none)", "A"]
    with translation.override("zh-hans"):
        assert [str(label) for _value, label in form.fields["needed"].choices] == ["请选择…", "A"]
    assert [value for value, _label in form.fields["kind"].choices] == ["a"]


def test_a_meeting_links_to_its_series_only_for_who_may_open_the_series(world, client_as):
    """A supervisor asked to one meeting of the marketing series sees the meeting, and no link that answers 403."""
    from meetings import services

    series = make_series(world.club1, world.marketing.department, world.marketing, title="Marketing daily",
                         positions=["marketing_director"])
    services.meetings_create_ahead(series=series)
    meeting = series.meetings.order_by("starts_at").first()
    Attendee.objects.create(meeting=meeting, person=world.supervisor_a, expected=False)
    series_url = reverse("meetings:series_detail", args=[series.pk])

    client = client_as(world.supervisor_a)
    page = client.get(reverse("meetings:meeting_detail", args=[meeting.pk]))
    assert page.status_code == 200
    assert "Marketing daily" in page.content.decode()
    assert f'href="{series_url}"' not in page.content.decode()
    assert client.get(series_url).status_code == 403

    client = client_as(world.marketing)  # the chair opens the series from the meeting
    assert f'href="{series_url}"' in client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()


def test_a_club_and_a_series_name_their_time_zone_in_words(world, client_as):
    world.club1.time_zone = "Asia/Shanghai"
    world.club1.save()
    series = make_series(world.club1, world.marketing.department, world.marketing, title="Marketing daily")
    client = client_as(world.owner)
    for url in (reverse("staff:club_detail", args=[world.club1.pk]), reverse("meetings:series_detail", args=[series.pk]),
                reverse("meetings:series_edit", args=[series.pk])):
        text = body(client.get(url))
        assert "Asia/Shanghai" not in text, url
        assert "Beijing time" in text, url


def test_a_zone_without_a_common_name_is_told_by_its_offset_from_beijing():
    from staff.templatetags.zones import zone_name

    with translation.override("en"):
        assert zone_name("Asia/Taipei") == "Taipei time"
        assert zone_name("Asia/Tokyo") == "Beijing time +1 h"
    with translation.override("zh-hans"):
        assert zone_name("Asia/Taipei") == "台北时间"
    assert zone_name("") == ""


def test_feedback_is_praise_or_complaint_without_a_dashes_button(world, client_as):
    page = client_as(world.supervisor_a).get(reverse("attendance:quality_feedback"))
    assert page.status_code == 200
    text = body(page)
    assert "Praise" in text and "Complaint" in text
    assert "---------" not in text


@pytest.mark.parametrize("name", ["training:reward_list", "training:question_add", "training:plan_add",
                                  "training:level_settings", "meetings:series_add", "attendance:holiday_list"])
def test_forms_say_choose_instead_of_dashes(world, client_as, name):
    page = client_as(world.store_manager).get(reverse(name) + f"?club={world.club1.pk}")
    assert page.status_code == 200
    assert not re.search(r'type="radio"[^>]*value=""', page.content.decode())
    assert "---------" not in page.content.decode()


def test_a_month_with_nothing_approved_says_so_instead_of_an_empty_table(world, client_as):
    text = body(client_as(world.store_manager).get(reverse("training:reward_list")))
    assert "Nothing approved this month yet" in text
    assert "Net points" not in text


def test_the_duty_catalogue_says_version_and_what_ticks_a_duty_in_words(world, client_as):
    duty = Duty.objects.create(club=world.club1, position=Role.SUPERVISOR, key="hygiene", order=1)
    duty.current = DutyVersion.objects.create(duty=duty, number=2, cadence="daily", text_en="Check the rooms",
                                              evidence=Evidence.HYGIENE_CHECKED)
    duty.save()
    client = client_as(world.store_manager)
    text = body(client.get(reverse("duties:catalogue") + f"?club={world.club1.pk}&position=supervisor"))
    assert "version 2" in text
    assert not re.search(r"\bv2\b", text)
    assert "ticked itself when: Area hygiene checked" in text
    text = body(client.get(reverse("duties:duty_edit", args=[duty.pk])))
    assert "version 2" in text and not re.search(r"\bv2\b", text)


def test_the_honour_roll_marks_people_with_a_sign_every_font_has(world, client_as):
    from attendance.models import Status
    from attendance.tests.figures import record

    for day in (3, 4):
        record(world.technician_a2, datetime.date(2025, 3, day), Status.PRESENT)
    page = client_as(world.tech_manager).get(reverse("attendance:followup") + "?month=2025-03")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Tech A2" in text
    assert not [ch for ch in text if ord(ch) > 0xFFFF], "a character outside the fonts every phone and PC has"


@pytest.mark.clock("2026-11-20T15:00:00+08:00")
def test_a_session_to_come_says_who_is_expected_not_that_nobody_came(world, client_as):
    from training.tests.factories import plan, session

    people = [world.technician, world.technician_a2]
    training = plan(world.club1, world.dept_manager)
    session(training, world.supervisor_a, people, date=datetime.date(2026, 11, 18), subject="Held already")
    later = session(training, world.supervisor_a, people, date=datetime.date(2026, 11, 25), subject="Still to come")
    text = body(client_as(world.dept_manager).get(reverse("training:calendar") + "?month=2026-11"))
    past, future = text.split("Still to come")
    assert "2 expected · 0 present" in past
    assert "2 people expected" in future and "present" not in future
    plan_page = body(client_as(world.dept_manager).get(reverse("training:plan_detail", args=[training.pk])))
    assert "2 expected · 0 present" in plan_page.split("Still to come")[0]
    assert "2 people expected" in plan_page.split("Still to come")[1]
    coming = body(client_as(world.dept_manager).get(reverse("training:session_detail", args=[later.pk])))
    assert "2 people expected" in coming and "Not taken yet" not in coming and "To attend" in coming
    record = body(client_as(world.technician).get(reverse("training:person_record", args=[world.technician.pk])))
    assert "To attend" in record  # the session to come
    assert "Not taken yet" in record  # the one held, whose roll nobody took


def test_the_people_list_of_one_club_leaves_out_the_club_column(world, client_as):
    assert "<th>Club</th>" not in client_as(world.store_manager).get(reverse("staff:person_list")).content.decode()
    assert "<th>Club</th>" in client_as(world.owner).get(reverse("staff:person_list")).content.decode()


# --- What only a screen shows --------------------------------------------------------------------------


@pytest.fixture
def chain(transactional_db, live_server):
    call_command("seed_demo", days=2, stdout=io.StringIO())
    return live_server


@pytest.mark.browser
def test_screens_show_labels_whole_axes_uncut_and_actions_on_one_line(browser, chain):
    from staff.models import Person
    from tests.browser import DESKTOP, PHONE, sign_in

    Person.objects.filter(user__isnull=False).update(language="zh-hant")
    technician = Person.objects.get(user__username="technician")
    context, page = sign_in(browser, chain.url, "owner", **DESKTOP)
    # 1280 px: every menu label on one line (not 今/日 or 月/度/報/表 stacked into a column).
    heights = page.eval_on_selector_all(
        "#nav .nav-link, #nav .btn", "els => els.map(e => [e.innerText.trim(), e.getBoundingClientRect().height])")
    stacked = [label for label, height in heights if label and height > 48]
    assert not stacked, f"menu labels broken over several lines: {stacked}"
    # A chart's axis labels ("100.0 %") inside the card that holds the chart.
    page.goto(chain.url + reverse("reports:scorecard", args=[technician.pk]))
    cut = page.evaluate("""() => [...document.querySelectorAll('svg.report-chart')].flatMap(svg => {
        const card = svg.parentElement.getBoundingClientRect();
        return [...svg.querySelectorAll('text')].filter(t => {
          const box = t.getBoundingClientRect();
          const shown = document.elementFromPoint(box.left + 1, box.top + box.height / 2);
          return box.width > 0 && (box.left < card.left || !svg.contains(shown));
        }).map(t => t.textContent);
    })""")
    assert not cut, f"chart labels cut at the edge: {cut[:5]}"
    context.close()

    context, page = sign_in(browser, chain.url, "owner", **PHONE)
    for url in (reverse("attendance:area_list"), reverse("attendance:holiday_list")):
        page.goto(chain.url + url)
        squeezed = page.eval_on_selector_all(
            "main table td:last-child a", "els => els.filter(a => a.getClientRects().length > 1).map(a => a.innerText)")
        assert not squeezed, f"{url}: a row's action broken over lines: {squeezed[:3]}"
    context.close()


def _form_classes():
    """Every form class defined in a product app's ``forms`` module or package."""
    import importlib
    import inspect
    import pkgutil

    from django import forms
    from django.conf import settings

    for app in settings.PRODUCT_APPS:
        try:
            module = importlib.import_module(f"{app}.forms")
        except ModuleNotFoundError:
            continue
        modules = [module]
        if hasattr(module, "__path__"):
            modules += [importlib.import_module(f"{app}.forms.{m.name}") for m in pkgutil.iter_modules(module.__path__)]
        for mod in modules:
            for name, cls in vars(mod).items():
                if inspect.isclass(cls) and issubclass(cls, forms.BaseForm) and cls.__module__ == mod.__name__:
                    yield f"{mod.__name__}.{name}", cls


def test_every_form_that_would_offer_dashes_says_choose_in_words():
    """A form with a list whose empty entry Django writes as "---------" (a model choice, a model field's
    choices) takes ``BlanksInWords``, so no page shows the dashes — checked on the classes, so a new form
    cannot be forgotten."""
    from django import forms

    from staff.templatetags.form_words import DASHES, BlanksInWords

    def offers_dashes(field):
        if isinstance(field, forms.ModelChoiceField):
            return field.empty_label == DASHES
        if isinstance(field, forms.ChoiceField):
            return any(label == DASHES for _value, label in field.choices)
        return False

    missing = [name for name, cls in _form_classes()
               if any(offers_dashes(field) for field in cls.base_fields.values()) and not issubclass(cls, BlanksInWords)]
    assert missing == [], "forms that would show ---------: add BlanksInWords first among their bases"
