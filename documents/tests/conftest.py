"""Documents' tests read pages in simplified Chinese and keep uploaded files in a temporary folder."""

import pytest


@pytest.fixture(autouse=True)
def chinese(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")

