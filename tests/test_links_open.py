"""Every link a person is shown opens for them: no page links to a page that answers them 403 or 404.

Each persona of the access matrix's world (with the objects its URLs open) starts at the home page and follows
the links of the pages it reaches, two links deep, a few addresses per URL pattern. A link to a page they may
not open (the marketing director's club page linked the massage teams; the club settings' tabs showed the
attendance rules to heads who may not change them; a supervisor's view of a technician's training record linked
the attempts, which only assessors open) is a defect of what they see, found here for every page at once.
"""

import html.parser
import urllib.parse

import pytest
from django.urls import Resolver404, resolve

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
SKIP = ("/admin/", "/static/", "/media/", "/accounts/logout", "/i18n/")
DEPTH = 2
PER_ROUTE = 3


class _Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") if tag == "a" else None
        if href:
            self.found.append(href)


def _links(path, body):
    parser = _Links()
    parser.feed(body)
    for href in parser.found:
        parts = urllib.parse.urlsplit(urllib.parse.urljoin(path, href))
        if parts.scheme in ("", "http", "https") and parts.netloc in ("", "testserver"):
            link = parts.path + (f"?{parts.query}" if parts.query else "")
            if link.startswith("/") and not link.startswith(SKIP):
                yield link


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
        todo.extend((link, level + 1, path) for link in _links(path, body) if link not in seen)
    assert len(seen) > 5, "the walk reached the pages"
    assert not broken, "\n".join(f"{status} {path} (linked from {came_from})" for status, path, came_from in broken)
