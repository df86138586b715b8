"""Behind a real reverse proxy (nginx on 127.0.0.1), sign-in throttling counts each client's own address.

Two clients reach nginx from two loopback addresses (127.0.0.2, 127.0.0.3); nginx passes the
requests to a live ClubOps with ``BEHIND_PROXY``'s settings. Wrong passwords for the owner from
one address must not lock the owner out at the other, even when the first client sends an
``X-Forwarded-For`` naming the second.
"""

import http.client
import re
import shutil
import socket
import subprocess
import time
import urllib.parse

import pytest
from axes.models import AccessAttempt

from conftest import need_service
from tests.factories import PASSWORD, PersonFactory, UserFactory

pytestmark = pytest.mark.timeless  # reads no clock: a --clock replay leaves it out

ATTACKER = "127.0.0.2"
OWNER = "127.0.0.3"
NGINX_CONF = """
worker_processes 1;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    client_max_body_size 30m;
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass {upstream};
            proxy_set_header Host $http_host;
            # overwrite, never append: the client's own X-Forwarded-For is not passed on
            proxy_set_header X-Forwarded-For $remote_addr;
            proxy_set_header X-Forwarded-Proto $scheme;
        }}
    }}
}}
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def proxy(live_server, tmp_path, settings):
    nginx = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")
    if nginx is None:
        need_service("nginx", "apt-get install nginx-light")
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    settings.AXES_IPWARE_PROXY_ORDER = "right-most"
    settings.AXES_IPWARE_PROXY_COUNT = 0
    port = free_port()
    conf = tmp_path / "nginx.conf"
    conf.write_text(NGINX_CONF.format(tmp=tmp_path, port=port, upstream=live_server.url))
    process = subprocess.Popen([nginx, "-c", str(conf), "-p", str(tmp_path)], stderr=subprocess.PIPE)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.05)
        else:
            pytest.fail(f"nginx did not start: {(tmp_path / 'error.log').read_text(errors='replace')}")
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


class Browser:
    """A client that reaches the proxy from its own loopback address and keeps its cookies."""

    def __init__(self, port, address):
        self.port, self.address, self.cookies = port, address, {}

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30, source_address=(self.address, 0))
        headers = {"Host": f"127.0.0.1:{self.port}", "Accept-Language": "en", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            body = urllib.parse.urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        content = response.read().decode(errors="replace")
        connection.close()
        return response.status, content

    def sign_in(self, password, username="owner", headers=None):
        _status, page = self.request("GET", "/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        return self.request("POST", "/accounts/login/", {
            "csrfmiddlewaretoken": token, "username": username, "password": password}, headers=headers)


@pytest.fixture
def owner(transactional_db):
    return PersonFactory(name="Owner", club=None, position="owner", user=UserFactory(username="owner"))


def test_the_proxy_library_is_installed():
    from axes.helpers import IPWARE_INSTALLED

    assert IPWARE_INSTALLED, "django-ipware is missing: behind a proxy every sign-in would count as the proxy's"


def test_wrong_passwords_from_one_address_do_not_lock_the_owner_out_at_another(proxy, owner):
    attacker, owner_browser = Browser(proxy, ATTACKER), Browser(proxy, OWNER)
    for n in range(6):
        status, _page = attacker.sign_in(f"wrong-{n}", headers={"X-Forwarded-For": OWNER})
    assert status == 429  # the attacker's own address is locked for that username

    status, _page = owner_browser.sign_in(PASSWORD)

    assert status == 302  # signed in
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}
