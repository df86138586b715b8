"""The business figures, in the order every page, file and report shows them.

``METRICS``: key → ``Metric(label, unit, per_person)``; ``unit`` is ``"count"`` or ``"money"``;
``per_person`` says the figure is kept per technician (鐘數, 點鐘) and summed for a team or the club,
the others are the club's own. The plans app reads actuals only through this mapping and
``business.selectors.totals`` / ``per_person``.
"""

from typing import NamedTuple

from django.utils.translation import gettext_lazy as _


class Metric(NamedTuple):
    label: object
    unit: str  # "count" | "money"
    per_person: bool


COUNT, MONEY = "count", "money"

METRICS = {
    "customers_served": Metric(_("Customers served"), COUNT, False),
    "revenue": Metric(_("Revenue"), MONEY, False),
    "services": Metric(_("Services (鐘數)"), COUNT, True),
    "requested_services": Metric(_("Requested services (點鐘)"), COUNT, True),
    "addon_sales": Metric(_("Add-on sales"), MONEY, False),
    "product_sales": Metric(_("Product sales"), MONEY, False),
    "new_members": Metric(_("New members"), COUNT, False),
    "member_topups": Metric(_("Member top-ups"), MONEY, False),
}

CLUB_KEYS = [key for key, metric in METRICS.items() if not metric.per_person]
PERSON_KEYS = [key for key, metric in METRICS.items() if metric.per_person]
