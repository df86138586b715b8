from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClubopsConfig(AppConfig):
    name = "clubops"
    verbose_name = _("ClubOps")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .sessions import touched_at_sign_in

        user_logged_in.connect(touched_at_sign_in, dispatch_uid="clubops.sessions.touched_at_sign_in")
