"""Run now, in this process, what the report's beat tick does: the twin of ``reports.tasks.run_report_jobs``."""

from django.core.management.base import BaseCommand

from reports import jobs


class Command(BaseCommand):
    help = ("Build due monthly-report snapshots (from 08:00 on the 1st, club time), rebuild stale ones, "
            "and e-mail the owner and each store manager once; failed e-mails are retried.")

    def handle(self, *args, **options):
        self.stdout.write(str(jobs.run_due(inline=True)))
