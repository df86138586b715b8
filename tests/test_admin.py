"""Every ClubOps model can be looked at and mended in Django's admin."""

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin

pytestmark = pytest.mark.timeless  # reads no clock: a --clock replay leaves it out

PRODUCT_APPS = settings.PRODUCT_APPS


def test_every_model_is_in_the_admin():
    missing = [
        model._meta.label
        for label in PRODUCT_APPS
        for model in apps.get_app_config(label).get_models()
        if not model.__name__.startswith("Historical") and not admin.site.is_registered(model)
        and not model._meta.auto_created
    ]
    assert missing == []


def test_the_admin_pages_open_for_the_owner(client, world):
    client.force_login(world.owner.user)
    for model in [m for label in PRODUCT_APPS for m in apps.get_app_config(label).get_models()]:
        if admin.site.is_registered(model):
            url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
            assert client.get(url).status_code == 200, url
