"""Form widgets shared by every app."""

from django import forms


class DateInput(forms.DateInput):
    """The browser's date picker. It takes and shows ISO dates only (YYYY-MM-DD): a date in the
    language's own format (e.g. 2026/11/29 in Chinese) would be dropped and the field shown empty."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):  # noqa: A002 - Django's argument name
        super().__init__(attrs=attrs, format=format)
