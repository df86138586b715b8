"""Who may read the owner's monthly report, the chain's figures and the deliveries, and send it again.

Built only on the kernel's scope primitives (``staff.access``): which clubs a reader sees is
``visible_clubs`` / ``club_in_reach``; a scorecard is for whoever may open the person
(``staff.access.get_person``).
"""

from staff.access import sees_every_club
from staff.models import Role


def may_read_reports(viewer):
    """The monthly report is for the owner (every club) and the store managers (their club)."""
    return sees_every_club(viewer) or viewer.position == Role.STORE_MANAGER


def reads_chain_report(viewer):
    """The chain's report (every club together, and each club's link back to it) is the owner's;
    a store manager's report is their club's."""
    return sees_every_club(viewer)


def may_send_again(viewer):
    """Sending a month's report again (to one recipient or to everyone) is the owner's."""
    return sees_every_club(viewer)


def sees_every_delivery(viewer):
    """The owner sees to whom a report was e-mailed; everyone else only their own delivery."""
    return sees_every_club(viewer)
