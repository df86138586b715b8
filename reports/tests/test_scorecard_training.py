"""The scorecard's training block reads as words and numbers per month, never as raw data."""

import pytest

from .test_modules import october  # noqa: F401 — the fixture: a month of training with the real modules

pytestmark = pytest.mark.clock("2026-11-20T10:00:00+08:00")


@pytest.mark.parametrize("language, words", [
    ("zh-hans", ["通过的考核", "比赛"]), ("zh-hant", ["通過的考核", "比賽"]), ("en", ["Assessments passed", "Competitions"]),
])
def test_it_shows_the_training_as_a_readable_table(client, october, language, words):  # noqa: F811
    client.force_login(october.owner.user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language

    html = client.get(f"/reports/people/{october.technician.pk}/").content.decode()

    block = html.split('data-testid="scorecard-training"', 1)[1].split("</table>", 1)[0]
    for word in words:
        assert word in block
    for raw in ("sessions_expected", "average_score", "competitions [", "{'", "None"):
        assert raw not in html


def test_the_late_records_call_the_departure_time_clock_out_not_resigned(client, october):  # noqa: F811
    client.force_login(october.owner.user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hant"

    page = client.get(f"/reports/people/{october.technician.pk}/2026-10/late/").content.decode()

    assert "<th" in page and "下班" in page and "離職" not in page
