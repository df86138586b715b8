"""Business figures: the month, the day's form, the import and its template, the tokens, the JSON endpoint."""

from django.urls import path

from . import views

app_name = "business"

urlpatterns = [
    path("", views.figures, name="figures"),
    path("day/", views.day, name="day"),
    path("import/", views.import_file, name="import"),
    path("import/template/", views.template, name="template"),
    path("tokens/", views.tokens, name="tokens"),
    path("api/import/", views.api_import, name="api_import"),
]
