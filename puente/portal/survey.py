"""The trust survey as data: its questions, the answer scale and what counts as agreeing.

The dimensions are those of the Police–Community Interaction Survey and the commercial
trust surveys: feeling of safety, trust, willingness to report a crime and to come forward
as a witness, fair and respectful treatment, and having a voice.
"""

from django.utils.translation import gettext_lazy as _

# (key, the statement the resident rates, its short name in the results)
QUESTIONS = [
    ("safety", _("I feel safe in my neighborhood."), _("Feel safe")),
    ("trust", _("I trust the police where I live."), _("Trust the police")),
    (
        "report",
        _("If I were the victim of a crime, I would report it to the police."),
        _("Would report a crime"),
    ),
    (
        "witness",
        _("If I saw a crime, I would come forward as a witness."),
        _("Would come forward as a witness"),
    ),
    (
        "fair",
        _("The police here treat people like me fairly and with respect."),
        _("Treated fairly and with respect"),
    ),
    (
        "voice",
        _("People like me have a say in how the police work here."),
        _("Have a voice"),
    ),
]
QUESTION_KEYS = [key for key, _statement, _short in QUESTIONS]

SCALE = [
    (5, _("Strongly agree")),
    (4, _("Agree")),
    (3, _("Neither agree nor disagree")),
    (2, _("Disagree")),
    (1, _("Strongly disagree")),
]
AGREE = {4, 5}
COMMENT_MAX_LENGTH = 2000


def short_names() -> dict[str, str]:
    return {key: short for key, _statement, short in QUESTIONS}


# Two optional questions about the resident, used only to weight the results to the
# community's census figures (insights/weighting.py); nothing else about a person is
# asked. The language groups are those of ACS table C16001 (language spoken at home),
# coarsened: a group not listed counts as "another language".
HOME_LANGUAGES = ["en", "es", "fr", "de", "ko", "zh", "vi", "tl", "ar", "other"]
AGE_BANDS = ["18-24", "25-34", "35-44", "45-64", "65+"]
ABOUT_KEYS = ("home_language", "age_band")


def home_language_choices() -> list[tuple[str, str]]:
    """(key, name in the active language); French stands with Haitian Creole, as in
    C16001 ("French, Haitian, or Cajun")."""
    from puente.lib.languages import language_name

    names = {code: language_name(code) for code in HOME_LANGUAGES if code != "other"}
    names["fr"] = "%(french)s / %(haitian)s" % {  # noqa: UP031 - a list, not a sentence
        "french": language_name("fr"),
        "haitian": language_name("ht"),
    }
    names["tl"] = language_name("fil")
    return [(code, names[code]) for code in HOME_LANGUAGES if code != "other"] + [
        ("other", str(_("Another language")))
    ]
