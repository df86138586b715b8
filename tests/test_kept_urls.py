"""``kernel.urls.reverse``: the menu's links, kept per process, are the links Django's ``reverse`` gives."""

from django.urls import NoReverseMatch, path, set_script_prefix
from django.urls import reverse as django_reverse
from django.http import HttpResponse

import pytest

from kernel import urls


def _other(request, pk):
    return HttpResponse(b"other")


# A URLconf of its own, where "staff:notices" does not exist and "home" is elsewhere.
urlpatterns = [path("elsewhere/", _other, name="home"), path("elsewhere/<int:pk>/", _other, name="numbered")]


@pytest.mark.parametrize("name, args, kwargs", [
    ("home", None, None),
    ("staff:notices", None, None),
    ("staff:person_detail", [7], None),
    ("reports:monthly", ["2026-11"], None),
    ("staff:person_detail", None, {"pk": 12}),
])
def test_it_gives_what_django_gives(name, args, kwargs):
    assert urls.reverse(name, args=args, kwargs=kwargs) == django_reverse(name, args=args, kwargs=kwargs)
    assert urls.reverse(name, args=args, kwargs=kwargs) == django_reverse(name, args=args, kwargs=kwargs)


def test_each_person_gets_their_own_link():
    assert urls.reverse("staff:person_detail", args=[7]) != urls.reverse("staff:person_detail", args=[8])


def test_a_site_mounted_under_a_path_gets_links_under_it():
    plain = urls.reverse("staff:notices")
    try:
        set_script_prefix("/clubops/")
        assert urls.reverse("staff:notices") == "/clubops" + plain
    finally:
        set_script_prefix("/")
    assert urls.reverse("staff:notices") == plain


def test_another_urlconf_is_not_answered_from_the_first(settings):
    site_home = urls.reverse("home")
    settings.ROOT_URLCONF = __name__
    assert urls.reverse("home") == "/elsewhere/" != site_home
    assert urls.reverse("numbered", args=[3]) == "/elsewhere/3/"
    with pytest.raises(NoReverseMatch):
        urls.reverse("staff:notices")
