"""Training's URLs: each view module lists its own patterns."""

from .views import assessments, competitions, plans, record, rewards

app_name = "training"

urlpatterns = [
    *plans.urls,
    *assessments.urls,
    *competitions.urls,
    *rewards.urls,
    *record.urls,
]
