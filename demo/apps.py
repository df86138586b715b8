from django.apps import AppConfig


class DemoConfig(AppConfig):
    # No models, so the admin never shows this app: it needs no translated name.
    name = "demo"
