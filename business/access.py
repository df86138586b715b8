"""Who may see and keep a club's business figures, built only on the kernel's scope primitives.

* The figures of a club (the month's page) are read by the owner and the club's store manager.
* The same people enter them (the day's form), import them (a file) and keep the club's import
  tokens; a token imports for its own club only, through the JSON endpoint, and opens nothing else.
* Another club's figures are a 404 (``page_club``); a page of one's own club one may not open a 403.
"""

from django.core.exceptions import PermissionDenied

from staff.access import may_manage_club, page_club, sees_every_club, viewer_of


def may_keep_figures(viewer, club):
    """Read, enter and import the club's figures; keep its tokens: the owner and the club's store manager."""
    return may_manage_club(viewer, club)


def keeps_any_figures(viewer):
    """Whether the menu offers the figures at all."""
    return sees_every_club(viewer) or (viewer.club_id is not None and may_manage_club(viewer, viewer.club))


def figures_club(request):
    """(viewer, club) of a figures page: ``?club=`` for the owner, else the viewer's own; 404 / 403 as the rule says."""
    viewer = viewer_of(request)
    club = page_club(request, viewer)
    if not may_keep_figures(viewer, club):
        raise PermissionDenied
    return viewer, club
