"""Cut the working copy of every face the PDFs use (``kernel.pdf``); the Celery worker does it when it starts."""

from django.core.management.base import BaseCommand

from kernel.pdf import prepare_working_faces


class Command(BaseCommand):
    help = "Cut the working copy of every face the PDFs use (done by the Celery worker when it starts)."

    def handle(self, *args, **options):
        for face, path, seconds in prepare_working_faces():
            state = "ready" if seconds is None else f"cut in {seconds:.1f} s"
            self.stdout.write(f"{face[0]} (face {face[1]}): {state} -> {path}")
