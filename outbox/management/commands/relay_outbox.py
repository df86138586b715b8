from django.core.management.base import BaseCommand

from outbox import services


class Command(BaseCommand):
    help = "Send the Celery jobs kept in the outbox while the broker was down (cron / systemd timer twin of beat's relay)."

    def add_arguments(self, parser):
        parser.add_argument("--prune-days", type=int, default=30, help="forget rows sent more than this many days ago")

    def handle(self, *args, prune_days, **options):
        sent, pending = services.relay()
        pruned = services.prune(days=prune_days)
        self.stdout.write(f"sent {sent}, still waiting {pending}, pruned {pruned}")
        if pending:
            # The broker is still down: a non-zero status lets cron or systemd show it.
            raise SystemExit(1)
