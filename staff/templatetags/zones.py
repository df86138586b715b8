"""``{{ club.time_zone|zone_name }}``: a club's time zone as people call it (北京時間), not its database
name (``Asia/Shanghai``); a zone without a common name is written as its offset from Beijing time."""

import datetime
import zoneinfo

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

register = template.Library()

NAMES = {
    "Asia/Shanghai": gettext_lazy("Beijing time"),
    "Asia/Chongqing": gettext_lazy("Beijing time"),
    "Asia/Harbin": gettext_lazy("Beijing time"),
    "PRC": gettext_lazy("Beijing time"),
    "Asia/Hong_Kong": gettext_lazy("Hong Kong time"),
    "Asia/Macau": gettext_lazy("Macau time"),
    "Asia/Taipei": gettext_lazy("Taipei time"),
}
BEIJING = zoneinfo.ZoneInfo("Asia/Shanghai")


def zone_name(zone):
    """The reader's words for ``zone`` (a name or a ZoneInfo); '' for none."""
    key = str(getattr(zone, "key", zone) or "")
    if not key:
        return ""
    if key in NAMES:
        return str(NAMES[key])
    try:
        info = zoneinfo.ZoneInfo(key)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return key
    now = datetime.datetime.now(datetime.timezone.utc)
    hours = (info.utcoffset(now) - BEIJING.utcoffset(now)).total_seconds() / 3600
    if hours == 0:
        return str(NAMES["Asia/Shanghai"])
    text = f"{hours:+g}"
    return _("Beijing time %(hours)s h") % {"hours": text}


register.filter("zone_name", zone_name)
