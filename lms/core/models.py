from django.db import models
from django.utils.translation import gettext_lazy as _


class Version(models.Model):
    """The number of one kind of data (lms.core.versions), where the cache is not shared
    by every process: one row per kind, raised with `n = n + 1`."""

    name = models.CharField(_("namn"), max_length=50, primary_key=True)
    n = models.BigIntegerField(_("nummer"))

    class Meta:
        verbose_name = _("dataversion")
        verbose_name_plural = _("dataversioner")

    def __str__(self) -> str:
        return f"{self.name} {self.n}"
