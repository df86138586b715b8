"""The floor's URLs: each view module lists its own patterns."""

from .views import consumables, followup, hygiene, items, quality, roster, stats, team

app_name = "attendance"

urlpatterns = [
    *team.urls,
    *roster.urls,
    *hygiene.urls,
    *items.urls,
    *consumables.urls,
    *quality.urls,
    *stats.urls,
    *followup.urls,
]
