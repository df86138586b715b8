"""Who may review and sign off the duty checklists.

Built only on the kernel's scope primitives (``staff.access``): whose checklists a person sees is
``visible_people``; this module says who reviews at all and who signs off. The catalogue is edited
by whoever manages the club (``staff.access.may_manage_club``).
"""

from staff.access import leads_people


def may_review_checklists(viewer):
    """The review page is for those who lead someone: supervisors and above, not technicians or
    customer managers (they have only their own checklists)."""
    return leads_people(viewer)


def may_sign_off(viewer, person):
    """A superior signs off the checklist of someone they see (the caller has checked that); nobody
    signs off their own, and those who lead nobody sign off nothing."""
    return person.pk != viewer.pk and leads_people(viewer)


def may_close_open_items(viewer):
    """Whoever reviews the checklists of the people they lead may close, for the whole list, the items
    still open after their period ended (as not done or not applicable, with a note)."""
    return leads_people(viewer)
