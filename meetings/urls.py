from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("", views.home, name="home"),
    path("action-items/", views.my_action_items, name="my_action_items"),
    path("action-items/<int:pk>/", views.action_item_update, name="action_item_update"),
    path("series/", views.series_list, name="series_list"),
    path("series/add/", views.series_add, name="series_add"),
    path("series/<int:pk>/", views.series_detail, name="series_detail"),
    path("series/<int:pk>/edit/", views.series_edit, name="series_edit"),
    path("series/<int:pk>/add-meeting/", views.meeting_add, name="meeting_add"),
    path("<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("<int:pk>/attendance/", views.meeting_attendance, name="meeting_attendance"),
    path("<int:pk>/minutes/", views.meeting_minutes, name="meeting_minutes"),
    path("<int:pk>/decisions/", views.decision_add, name="decision_add"),
    path("decisions/<int:pk>/", views.decision_edit, name="decision_edit"),
    path("<int:pk>/action-items/", views.action_item_add, name="action_item_add"),
    path("<int:pk>/move/", views.meeting_move, name="meeting_move"),
    path("<int:pk>/cancel/", views.meeting_cancel, name="meeting_cancel"),
    path("<int:pk>/finalise/", views.meeting_finalise, name="meeting_finalise"),
    path("<int:pk>/minutes.pdf", views.meeting_pdf, name="meeting_pdf"),
    path("<int:pk>/report/", views.report, name="report"),
    path("<int:pk>/report.pdf", views.report_pdf, name="report_pdf"),
    path("reports/", views.report_list, name="report_list"),
]
