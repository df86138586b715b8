"""Error pages speak the person's language, fit a phone and lead home; the favicon is there."""

import pytest
from django.template import loader
from django.test import Client
from django.utils import translation

pytestmark = pytest.mark.timeless  # reads no clock: a --clock replay leaves it out

HOME_LINK = 'href="/"'


def zh(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    return client


def test_it_says_page_not_found_in_chinese_with_a_way_home(client_as, world):
    response = zh(client_as(world.technician)).get("/no-such-page/")

    page = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in page and HOME_LINK in page and 'name="viewport"' in page
    assert "Not Found" not in page


def test_it_says_not_allowed_in_chinese(client_as, world):
    response = zh(client_as(world.technician)).get("/duties/review/")

    page = response.content.decode()
    assert response.status_code == 403
    assert "无权查看" in page and HOME_LINK in page and "403 Forbidden" not in page


def test_it_says_the_request_was_not_understood_in_chinese(client_as, world):
    response = zh(client_as(world.technician)).get("/", HTTP_HOST="bad host!")

    page = response.content.decode()
    assert response.status_code == 400
    assert "请求无法读取" in page and HOME_LINK in page and "Bad Request" not in page


def test_it_renders_the_server_error_page_without_a_request(db):
    with translation.override("zh-hans"):
        page = loader.get_template("500.html").render()

    assert "出错了" in page and HOME_LINK in page and 'name="viewport"' in page


def test_it_explains_an_expired_form_in_chinese(world):
    client = zh(Client(enforce_csrf_checks=True))
    client.force_login(world.technician.user)

    response = client.post("/duties/items/1/", {"state": "done"})

    page = response.content.decode()
    assert response.status_code == 403
    assert "表单已过期" in page and HOME_LINK in page and "CSRF" not in page


def test_it_serves_a_favicon(client):
    from django.contrib.staticfiles import finders
    from django.templatetags.static import static

    response = client.get("/favicon.ico")

    assert response.status_code == 301 and response["Location"] == static("favicon.ico")
    with open(finders.find("favicon.ico"), "rb") as icon:
        assert icon.read(4) == b"\x00\x00\x01\x00", "an icon file"


@pytest.mark.parametrize("name", ["400.html", "403.html", "404.html", "403_csrf.html"])
def test_every_error_page_links_the_icon(client_as, world, name):
    page = loader.get_template(name).render({}, None)

    assert "favicon" in page
