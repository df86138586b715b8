from django.urls import path

from . import views

app_name = "duties"

urlpatterns = [
    path("", views.my_checklists, name="my_checklists"),
    path("items/<int:pk>/", views.item_tick, name="item_tick"),
    path("review/", views.review, name="review"),
    path("review/close/", views.review_close, name="review_close"),
    path("checklists/<int:pk>/", views.checklist_detail, name="checklist_detail"),
    path("catalogue/", views.catalogue_view, name="catalogue"),
    path("catalogue/<int:pk>/edit/", views.duty_edit, name="duty_edit"),
    path("catalogue/<int:pk>/move/", views.duty_move, name="duty_move"),
    path("catalogue/<int:pk>/retire/", views.duty_retire, name="duty_retire"),
]
