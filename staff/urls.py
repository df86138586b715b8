from django.urls import path

from . import views

app_name = "staff"

urlpatterns = [
    path("clubs/", views.club_list, name="club_list"),
    path("clubs/<int:pk>/", views.club_detail, name="club_detail"),
    path("teams/<int:pk>/", views.team_detail, name="team_detail"),
    path("people/", views.person_list, name="person_list"),
    path("people/add/", views.person_add, name="person_add"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("people/<int:pk>/deactivate/", views.person_deactivate, name="person_deactivate"),
    path("people/<int:pk>/move/", views.person_move, name="person_move"),
    path("people/<int:pk>/login/", views.person_login, name="person_login"),
    path("history/<str:model>/<int:pk>/", views.record_history, name="record_history"),
]
