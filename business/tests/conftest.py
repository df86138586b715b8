import datetime
import io

import pytest
from django.utils import translation


def zh(message, context=None):
    """``message`` as the simplified Chinese page shows it."""
    with translation.override("zh-hans"):
        if context:
            return str(translation.pgettext(context, message))
        return str(translation.gettext(message))


def in_zh(text):
    with translation.override("zh-hans"):
        return str(text)


def xlsx(rows):
    """An XLSX file (bytes) of ``rows``, the first being the headings."""
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


DAY = datetime.date(2026, 11, 19)


@pytest.fixture
def english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
