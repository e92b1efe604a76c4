from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from lms.core.demo import DemoContext, demo_steps


class Command(BaseCommand):
    help = "Build (or refresh) the demo city with its demo accounts. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DJANGO_DEBUG off (demo accounts have the password 'demo').",
        )

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "load_demo creates accounts with the password 'demo' and refuses to run with "
                "DJANGO_DEBUG off. Use --force if this really is a demo installation."
            )
        demo = DemoContext()
        with transaction.atomic():
            for step in demo_steps():
                step.load(demo)
        for line in demo.log:
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Demo data ready. Log in with the password 'demo'."))
