"""The floor's models, one module per area; everything is importable from ``attendance.models``."""

from .consumables import *  # noqa: F401,F403
from .daily import *  # noqa: F401,F403
from .followup import *  # noqa: F401,F403
from .hygiene import *  # noqa: F401,F403
from .offline import *  # noqa: F401,F403
from .quality import *  # noqa: F401,F403
from .setup import *  # noqa: F401,F403  (a new club's default check lists)
