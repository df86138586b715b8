from django.urls import path

from . import views

app_name = "customers"

urlpatterns = [
    path("", views.customer_list, name="list"),
    path("new/", views.customer_add, name="add"),
    path("export/", views.customer_export, name="export"),
    path("log/", views.access_log, name="access_log"),
    path("figures/", views.figures, name="figures"),
    path("<int:pk>/", views.customer_detail, name="detail"),
    path("<int:pk>/full/", views.customer_full, name="full"),
    path("<int:pk>/edit/", views.customer_edit, name="edit"),
    path("<int:pk>/contact/", views.contact_add, name="contact_add"),
    path("<int:pk>/anonymise/", views.customer_anonymise, name="anonymise"),
    path("events/", views.event_list, name="events"),
    path("events/new/", views.event_add, name="event_add"),
    path("events/<int:pk>/", views.event_detail, name="event_detail"),
    path("events/<int:pk>/edit/", views.event_edit, name="event_edit"),
    path("arrivals/", views.arrivals, name="arrivals"),
    path("arrivals/<int:pk>/", views.arrival_edit, name="arrival_edit"),
    path("visits/", views.visit_list, name="visits"),
    path("visits/new/", views.visit_add, name="visit_add"),
    path("visits/<int:pk>/edit/", views.visit_edit, name="visit_edit"),
]
