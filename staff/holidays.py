"""The names of the public holidays and make-up workdays ClubOps fills in (attendance/data/cn_holidays.json).

A holiday's name is a system word (``kernel.wording``): the names filled in are stored as these
message ids and read in each reader's language; a name a manager types stays as typed.
"""

from django.utils.translation import gettext_noop as _

WORDS = [
    _("New Year's Day"),
    _("Spring Festival"),
    _("Spring Festival (New Year's Eve)"),
    _("Qingming Festival"),
    _("Labour Day"),
    _("Dragon Boat Festival"),
    _("Mid-Autumn Festival"),
    _("National Day holiday"),
    _("New Year's Day make-up workday"),
    _("Spring Festival make-up workday"),
    _("Labour Day make-up workday"),
    _("National Day make-up workday"),
]
