"""Debian's wapiti 3.0.4 with two fixes: --exclude on Python 3.11, and Django's CSRF field.

wapiti 3.0.4 builds each exclusion pattern as ``<pattern>\\Z(?ms)``; Python 3.11 refuses
inline flags that are not at the start, so any ``-x`` stops wapiti before it crawls. This
runs the same wapiti (same arguments) with the pattern built as ``(?ms)<pattern>\\Z``.
Run it with the Python that holds wapitiCore (``/usr/bin/python3`` on Debian).
"""

import re
import sys

from wapitiCore.attack.mod_csrf import mod_csrf
from wapitiCore.net import crawler


def wildcard_translate(pattern):
    return re.compile("(?ms)" + "".join(".*" if char == "*" else re.escape(char) for char in pattern) + r"\Z")


crawler.wildcard_translate = wildcard_translate

# Its CSRF module knows the token field only by a list of names that lacks Django's, and calls
# every Django form "lacking a token". With the name known, it checks what matters: a form
# sent with a wrong token must be refused, and the token must be long and random.
mod_csrf.TOKEN_FORM_STRINGS.append("csrfmiddlewaretoken")

from wapitiCore.main.wapiti import wapiti_main  # noqa: E402 - after the fix above

if __name__ == "__main__":
    sys.argv[0] = "wapiti"
    sys.exit(wapiti_main())
