"""One rate, one way of writing it: every rate in ClubOps is a percentage with one decimal.

``rate(part, whole)`` computes it (None when there is nothing to divide by); ``percent(value)``
writes it for a person ("76.2 %", "–" for None) on the pages, the PDFs, the e-mails and the
summary reports alike; spreadsheets store ``fraction(value)`` with the number format
``PERCENT_FORMAT``, so a manager can sort and add them up.
"""

PERCENT_FORMAT = "0.0%"
NO_VALUE = "–"


def rate(part, whole):
    """``part`` of ``whole`` in %, one decimal; None when ``whole`` is nothing."""
    return round(100 * part / whole, 1) if whole else None


def percent(value):
    """A rate as a person reads it: "76.2 %" (one decimal, always), "–" when there is none."""
    if value is None or value == "":
        return NO_VALUE
    return f"{float(value):.1f} %"


def fraction(value):
    """A rate (in %) as a spreadsheet stores it under ``PERCENT_FORMAT``: 76.2 → 0.762."""
    return None if value is None else round(float(value) / 100, 4)
