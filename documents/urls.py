from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("", views.document_list, name="list"),
    path("new/", views.document_add, name="add"),
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/edit/", views.document_edit, name="edit"),
    path("<int:pk>/new-version/", views.version_new, name="new_version"),
    path("<int:pk>/publish/", views.document_publish, name="publish"),
    path("<int:pk>/confirm/", views.document_acknowledge, name="acknowledge"),
    path("<int:pk>/files/", views.attachment_upload, name="attachment_upload"),
    path("versions/<int:pk>/", views.version_detail, name="version"),
    path("files/<int:pk>/", views.attachment_download, name="attachment"),
    path("files/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
]
