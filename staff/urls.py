from django.urls import path

from . import setup_views, views

app_name = "staff"

urlpatterns = [
    path("clubs/", views.club_list, name="club_list"),
    path("clubs/<int:pk>/", views.club_detail, name="club_detail"),
    # Setting up a club (setup_views): the checklist, a new club, its departments and teams.
    path("clubs/setup/", setup_views.setup_home, name="setup_home"),
    path("clubs/add/", setup_views.club_add, name="club_add"),
    path("clubs/<int:pk>/setup/", setup_views.club_setup, name="club_setup"),
    path("clubs/<int:pk>/edit/", setup_views.club_edit, name="club_edit"),
    path("clubs/<int:pk>/departments/add/", setup_views.department_add, name="department_add"),
    path("clubs/<int:pk>/teams/add/", setup_views.team_add, name="team_add"),
    path("teams/<int:pk>/supervisor/", setup_views.team_supervisor, name="team_supervisor"),
    path("teams/<int:pk>/close/", setup_views.team_close, name="team_close"),
    path("teams/<int:pk>/reopen/", setup_views.team_reopen, name="team_reopen"),
    path("teams/<int:pk>/", views.team_detail, name="team_detail"),
    path("people/", views.person_list, name="person_list"),
    path("people/add/", views.person_add, name="person_add"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("people/<int:pk>/deactivate/", views.person_deactivate, name="person_deactivate"),
    path("people/<int:pk>/move/", views.person_move, name="person_move"),
    path("people/<int:pk>/login/", views.person_login, name="person_login"),
    path("history/<str:model>/<int:pk>/", views.record_history, name="record_history"),
    # The address notices had while the floor kept them: bookmarks keep working.
    path("attendance/notices/", views.notices, name="notices"),
]
