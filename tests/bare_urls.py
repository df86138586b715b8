"""The site's URLs and the benchmark's bare page (mounted in the site only with ``BENCHMARK`` on), for tests."""

from django.urls import include, path

from clubops.urls import urlpatterns as site

urlpatterns = [*site, path("bench/", include("bench.urls"))]
