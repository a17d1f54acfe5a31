"""The ACS language groups of tables C16001 and B16001 in the reader's language.

Stored figures keep the Census Bureau's English label (it is how a file is matched and
exported); pages show it through `acs_label`. The labels are those of the bundled
variable dictionaries (data/acs1_2018_*_variables.csv, US Census Bureau); a label not
listed (another vintage's wording) is shown as the file gave it.
"""

from django.utils.translation import gettext_lazy as _

ACS_LABELS = {
    "Amharic, Somali, or other Afro-Asiatic languages": _("Amharic, Somali, or other Afro-Asiatic languages"),
    "Arabic": _("Arabic"),
    "Armenian": _("Armenian"),
    "Bengali": _("Bengali"),
    "Chinese (incl. Mandarin, Cantonese)": _("Chinese (incl. Mandarin, Cantonese)"),
    "French (incl. Cajun)": _("French (incl. Cajun)"),
    "French, Haitian, or Cajun": _("French, Haitian, or Cajun"),
    "German": _("German"),
    "German or other West Germanic languages": _("German or other West Germanic languages"),
    "Greek": _("Greek"),
    "Gujarati": _("Gujarati"),
    "Haitian": _("Haitian"),
    "Hebrew": _("Hebrew"),
    "Hindi": _("Hindi"),
    "Hmong": _("Hmong"),
    "Ilocano, Samoan, Hawaiian, or other Austronesian languages": _("Ilocano, Samoan, Hawaiian, or other Austronesian languages"),
    "Italian": _("Italian"),
    "Japanese": _("Japanese"),
    "Khmer": _("Khmer"),
    "Korean": _("Korean"),
    "Malayalam, Kannada, or other Dravidian languages": _("Malayalam, Kannada, or other Dravidian languages"),
    "Navajo": _("Navajo"),
    "Nepali, Marathi, or other Indic languages": _("Nepali, Marathi, or other Indic languages"),
    "Other Asian and Pacific Island languages": _("Other Asian and Pacific Island languages"),
    "Other Indo-European languages": _("Other Indo-European languages"),
    "Other Native languages of North America": _("Other Native languages of North America"),
    "Other and unspecified languages": _("Other and unspecified languages"),
    "Other languages of Asia": _("Other languages of Asia"),
    "Persian (incl. Farsi, Dari)": _("Persian (incl. Farsi, Dari)"),
    "Polish": _("Polish"),
    "Portuguese": _("Portuguese"),
    "Punjabi": _("Punjabi"),
    "Russian": _("Russian"),
    "Russian, Polish, or other Slavic languages": _("Russian, Polish, or other Slavic languages"),
    "Serbo-Croatian": _("Serbo-Croatian"),
    "Spanish": _("Spanish"),
    "Swahili or other languages of Central, Eastern, and Southern Africa": _("Swahili or other languages of Central, Eastern, and Southern Africa"),
    "Tagalog (incl. Filipino)": _("Tagalog (incl. Filipino)"),
    "Tamil": _("Tamil"),
    "Telugu": _("Telugu"),
    "Thai, Lao, or other Tai-Kadai languages": _("Thai, Lao, or other Tai-Kadai languages"),
    "Ukrainian or other Slavic languages": _("Ukrainian or other Slavic languages"),
    "Urdu": _("Urdu"),
    "Vietnamese": _("Vietnamese"),
    "Yiddish, Pennsylvania Dutch or other West Germanic languages": _("Yiddish, Pennsylvania Dutch or other West Germanic languages"),
    "Yoruba, Twi, Igbo, or other languages of Western Africa": _("Yoruba, Twi, Igbo, or other languages of Western Africa"),
}  # fmt: skip


def acs_label(label: str) -> str:
    """The ACS language group `label` in the active language (as given if unknown)."""
    key = (label or "").strip().rstrip(":")
    found = ACS_LABELS.get(key)
    return str(found) if found is not None else label
