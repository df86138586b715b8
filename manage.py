#!/usr/bin/env python
"""Django's command-line utility for ClubOps."""
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clubops.settings")
    # manage.py is the developer's tool: without DEBUG set it runs in development mode.
    # Production sets DEBUG=0 (and a SECRET_KEY) explicitly; the web server (wsgi.py) and
    # Celery (clubops/celery.py) never get this default.
    os.environ.setdefault("DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
