"""Agency size bands by population served: one definition for peers and publications."""

from django.utils.translation import gettext_lazy as _

SIZE_BANDS = [
    ("small", 0, 25_000, _("under 25,000 residents")),
    ("medium", 25_000, 100_000, _("25,000 to 99,999 residents")),
    ("large", 100_000, 500_000, _("100,000 to 499,999 residents")),
    ("very_large", 500_000, None, _("500,000 residents or more")),
]


def size_band(population: int | None) -> str | None:
    if population is None:
        return None
    for key, low, high, _label in SIZE_BANDS:
        if population >= low and (high is None or population < high):
            return key
    return None


def size_band_label(key: str | None):
    return next(
        (label for band, _low, _high, label in SIZE_BANDS if band == key),
        _("size unknown"),
    )
