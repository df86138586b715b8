"""Telling a person something: an in-app notice and, when their login has an address, an e-mail.

The floor's, training's and meetings' jobs all tell people things the same way, so the rule is
here once, below them:

* a notice is one per person, kind and date (the database holds it), so a job that runs twice
  or late tells nobody twice; ``notify`` answers whether it made a new one;
* what the system writes is stored in every language of the site (``in_every_language``) and
  shown in the language of whoever reads it, not the job's, nor the one they had that day;
* a new notice is e-mailed after the transaction commits, through the outbox, so that a broker
  that is down loses nothing and a rolled-back job sends nothing.
"""

from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from .models import Notice

EMAIL_TASK = "staff.tasks.send_notice_email"


def in_language(person, text):
    """``text()`` rendered in ``person``'s language (the site's when they chose none)."""
    with translation.override(person.language or settings.LANGUAGE_CODE):
        return str(text())


def in_every_language(text):
    """``text()`` rendered in each language of the site: ``{"zh-hans": ..., "zh-hant": ..., "en": ...}``."""
    written = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            written[code] = str(text())[:300]
    return written


def notify(person, kind, date, text, *, email=True):
    """One notice for ``person`` of ``kind`` on ``date``; True when it is new.

    ``text`` is what the system writes, from ``in_every_language`` (shown in the reader's
    language), or a plain string shown as it is.
    A new notice is also e-mailed after commit when ``email`` is on and the login has an address.
    """
    texts = text if isinstance(text, dict) else {}
    own = texts.get(person.language or settings.LANGUAGE_CODE) if texts else text
    notice, created = Notice.objects.get_or_create(
        person=person, kind=kind, date=date, defaults={"text": (own or next(iter(texts.values()), ""))[:300], "texts": texts}
    )
    if created and email and person.user_id and person.user.email:
        transaction.on_commit(partial(_queue_email, notice.pk))
    return created


def _queue_email(notice_id):
    from outbox.services import enqueue

    enqueue(EMAIL_TASK, notice_id)  # kept in the outbox while the broker is down


def notice_email_send(notice_id):
    """E-mail one notice to its person, in their language; nothing when they have no address."""
    notice = Notice.objects.select_related("person__user").filter(pk=notice_id).first()
    if notice is None or notice.person.user is None or not notice.person.user.email:
        return 0
    person = notice.person
    subject = in_language(person, lambda: _("ClubOps notice for %(day)s") % {"day": notice.date.isoformat()})
    footer = in_language(person, lambda: _("You find all your notices in ClubOps under Notices."))
    text = notice.text_in(person.language or settings.LANGUAGE_CODE)
    return send_mail(subject, f"{text}\n\n{footer}\n", None, [person.user.email])
