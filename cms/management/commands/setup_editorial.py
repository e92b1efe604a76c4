from django.core.management.base import BaseCommand

from cms.editorial import editorial_setup


class Command(BaseCommand):
    help = (
        "Create or correct the site's editors' and reviewers' groups, their permissions "
        "and the review workflow. Safe to run again; run it after adding a section or a "
        "language to the site."
    )

    def handle(self, *args, **options):
        report = editorial_setup()
        for group, pages in report.pages.items():
            self.stdout.write(f"{group}: {', '.join(pages) or '-'}")
        self.stdout.write(f"Workflow: {', '.join(report.workflow_pages) or '-'}")
        for line in report.missing:
            self.stdout.write(self.style.WARNING(f"No page yet for {line}"))
        self.stdout.write(self.style.SUCCESS("Editorial groups and workflow ready."))
