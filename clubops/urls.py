from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView

from outbox import views as outbox_views
from staff import views as staff_views

urlpatterns = [
    path("", staff_views.home, name="home"),
    path("healthz", outbox_views.healthz, name="healthz"),
    # Browsers ask for /favicon.ico whatever the page says; the icon is a static file.
    path("favicon.ico", RedirectView.as_view(url=lazy(static, str)("favicon.ico"), permanent=True), name="favicon"),
    path("", include("attendance.views.offline")),  # /sw.js and /manifest.webmanifest: the installable app
    path("i18n/setlang/", staff_views.set_language, name="set_language"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", staff_views.SignOutView.as_view(), name="logout"),
    path("accounts/password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password_change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("", include("staff.urls")),
    path("attendance/", include("attendance.urls")),
    path("duties/", include("duties.urls")),
    path("training/", include("training.urls")),
    path("meetings/", include("meetings.urls")),
    path("reports/", include("reports.urls")),
    path("plans/", include("plans.urls")),
    path("documents/", include("documents.urls")),
    path("business/", include("business.urls")),
    path("customers/", include("customers.urls")),
    path("admin/", admin.site.urls),
]

if settings.BENCHMARK:  # bench/run.py: a bare page behind the full middleware, the stack's limit
    urlpatterns.append(path("bench/", include("bench.urls")))
