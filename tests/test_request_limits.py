"""A body larger than ClubOps takes is refused before it is read; form fields have a ceiling."""

import pytest
from django.conf import settings

pytestmark = pytest.mark.timeless  # reads no clock: a --clock replay leaves it out


def test_a_body_announced_as_too_large_is_refused_unread(client, world):
    client.force_login(world.owner.user)
    too_large = settings.MAX_REQUEST_MB * 1024 * 1024 + 1
    response = client.generic("POST", "/meetings/", b"x", CONTENT_TYPE="application/octet-stream",
                              CONTENT_LENGTH=str(too_large), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 413
    assert "too large: at most 21 MB" in response.content.decode()


def test_a_training_material_of_the_allowed_size_still_fits():
    from training.forms import MAX_UPLOAD_MB

    assert settings.MAX_REQUEST_MB > MAX_UPLOAD_MB


def test_form_fields_are_capped_in_memory():
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 2 * 1024 * 1024
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 5 * 1024 * 1024
