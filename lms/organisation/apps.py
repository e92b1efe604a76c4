from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationConfig(AppConfig):
    name = "lms.organisation"
    label = "organisation"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from . import (
            start_sections,  # noqa: F401  (registers the foundation's start sections)
            workdays,
        )

        workdays.connect()
