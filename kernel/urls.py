"""``reverse`` answered from memory after the first time, for the links drawn on every page (the menu).

Django's ``reverse`` walks the URLconf's namespaces and fills the pattern in on each call: ~14 µs, and the
menu of a store manager or the owner reverses 30-45 links on every page. A URL depends only on the URLconf,
the script prefix (the path the site is mounted at), the name and its arguments, so the same question is
answered from a dictionary kept per process, under the URLconf and the prefix it was asked with.
"""

import functools

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf
from django.urls import reverse as django_reverse


@functools.lru_cache(maxsize=4096)
def _reversed(viewname, args, kwargs, prefix, urlconf):
    return django_reverse(viewname, urlconf=urlconf, args=args, kwargs=dict(kwargs) if kwargs else None)


def reverse(viewname, args=None, kwargs=None):
    """``django.urls.reverse(viewname, args=args, kwargs=kwargs)``, kept: the arguments must be hashable values
    (numbers, text, dates), as a URL's are."""
    return _reversed(viewname, tuple(args) if args else (), tuple(sorted(kwargs.items())) if kwargs else (),
                     get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)

