"""Every link a person is shown opens for them: no page links to a page that answers them 403 or 404.

Each persona of the access matrix's world (with the objects its URLs open) starts at the home page and follows
the links of the pages it reaches, two links deep, a few addresses per URL pattern. A link to a page they may
not open (the marketing director's club page linked the massage teams; the club settings' tabs showed the
attendance rules to heads who may not change them; a supervisor's view of a technician's training record linked
the attempts, which only assessors open) is a defect of what they see, found here for every page at once.
"""

import urllib.parse

import pytest
from django.urls import Resolver404, resolve

from bench.pages import links_of  # the same reading of a page's links as the walk of every demo page

from tests.test_access_matrix import (  # noqa: F401 - autouse fixtures: the objects the pages show
    app_objects,
    data_writes,
    floor_objects,
    meeting_objects,
    report_objects,
    sign_in,
    training_objects,
)

pytestmark = pytest.mark.timeless  # who may open what does not depend on the day

PERSONAS = ["technician", "customer_manager", "supervisor_a", "marketing", "care_manager", "tech_manager",
            "dept_manager", "store_manager", "owner"]
DEPTH = 2
PER_ROUTE = 3


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_link_shown_opens(client, world, persona):
    sign_in(client, world, persona)
    seen, per_route, broken = set(), {}, []
    todo = [("/", 0, "")]
    while todo:
        path, level, came_from = todo.pop(0)
        if path in seen:
            continue
        seen.add(path)
        try:
            route = resolve(urllib.parse.urlsplit(path).path).route
        except Resolver404:
            broken.append((404, path, came_from))
            continue
        if per_route.get(route, 0) >= PER_ROUTE:
            continue
        per_route[route] = per_route.get(route, 0) + 1
        response = client.get(path)
        if response.status_code in (403, 404) or response.status_code >= 500:
            broken.append((response.status_code, path, came_from))
            continue
        kind = response.get("Content-Type", "")
        if response.status_code != 200 or not kind.startswith("text/html") or level >= DEPTH:
            continue
        body = (b"".join(response.streaming_content) if response.streaming else response.content).decode()
        todo.extend((link, level + 1, path) for link in links_of(path, body) if link not in seen)
    assert len(seen) > 5, "the walk reached the pages"
    assert not broken, "\n".join(f"{status} {path} (linked from {came_from})" for status, path, came_from in broken)
