from django.urls import path, register_converter

from . import views


class MonthConverter:
    """``YYYY-MM`` in the URL, a month's first day in the view; anything else does not match (404)."""

    regex = r"[0-9]{4}-[0-9]{2}"

    def to_python(self, value):
        from kernel.months import parse_month

        month = parse_month(value)
        if month is None:
            raise ValueError(value)
        return month

    def to_url(self, value):
        return value if isinstance(value, str) else f"{value:%Y-%m}"


register_converter(MonthConverter, "month")

app_name = "reports"

urlpatterns = [
    path("monthly/", views.index, name="index"),
    path("monthly/<month:month>/", views.monthly, name="monthly"),
    path("monthly/<month:month>/status/", views.monthly_status, name="monthly_status"),
    path("monthly/<month:month>/send/", views.send_again, name="send_again"),
    path("monthly/<month:month>/records/<slug:figure>/", views.chain_records, name="chain_records"),
    path("monthly/<month:month>/clubs/<int:club>/", views.club_monthly, name="club_monthly"),
    path("monthly/<month:month>/clubs/<int:club>/status/", views.club_monthly_status, name="club_monthly_status"),
    path("monthly/<month:month>/clubs/<int:club>/records/<slug:figure>/", views.club_records, name="club_records"),
    path("people/<int:pk>/", views.scorecard, name="scorecard"),
    path("people/<int:pk>/<month:month>/<slug:figure>/", views.person_records, name="person_records"),
]
