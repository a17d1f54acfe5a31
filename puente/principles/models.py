from django.conf import settings
from django.db import models
from django.utils.translation import get_language, gettext_lazy as _


class PrincipleQuerySet(models.QuerySet["Principle"]):
    def with_texts(self) -> "PrincipleQuerySet":
        return self.prefetch_related("texts").order_by("number")


class Principle(models.Model):
    """One of the eight EPIC principles, the frame every score is given in.

    Its wording is data, one `PrincipleText` per language, so that a language
    added to the portal gets the principles without a code change.
    """

    key = models.SlugField(_("key"), max_length=40, unique=True)
    number = models.PositiveSmallIntegerField(_("number"), unique=True)

    objects = PrincipleQuerySet.as_manager()

    class Meta:
        verbose_name = _("principle")
        verbose_name_plural = _("principles")
        ordering = ["number"]

    def __str__(self) -> str:
        return self.name

    def text(self, language: str | None = None) -> "PrincipleText | None":
        """The wording in `language` (default: the active one), else in English."""
        texts = {t.language: t for t in self.texts.all()}
        wanted = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0]
        return texts.get(wanted) or texts.get(settings.LANGUAGE_CODE)

    @property
    def name(self) -> str:
        text = self.text()
        return text.name if text else self.key

    @property
    def description(self) -> str:
        text = self.text()
        return text.description if text else ""


class PrincipleText(models.Model):
    principle = models.ForeignKey(
        Principle, on_delete=models.CASCADE, related_name="texts"
    )
    language = models.CharField(_("language"), max_length=12)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"))

    class Meta:
        verbose_name = _("principle wording")
        verbose_name_plural = _("principle wordings")
        constraints = [
            models.UniqueConstraint(
                fields=["principle", "language"], name="principle_text_unique_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.principle.key} [{self.language}]"
