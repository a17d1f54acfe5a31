from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from puente.assessments.models import Campaign


class Publication(models.Model):
    """A campaign's findings made public by its program. Before this row exists only
    the program's evaluators see the campaign's trends, map, profiles and report."""

    campaign = models.OneToOneField(
        Campaign, on_delete=models.CASCADE, related_name="publication"
    )
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-published_at"]

    def __str__(self) -> str:
        return str(self.campaign)
