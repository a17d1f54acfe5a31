from django import forms
from django.utils.translation import gettext_lazy as _

from puente.portal.survey import (
    AGE_BANDS,
    COMMENT_MAX_LENGTH,
    QUESTIONS,
    SCALE,
    home_language_choices,
)

CHOICE_ERROR = {"invalid_choice": _("Choose one of the answers.")}


class FeedbackForm(forms.Form):
    """The anonymous trust survey. Every question is optional; only the answers, never
    anything about the person, are kept."""

    comment = forms.CharField(
        label=_("Anything else you want the police to know?"),
        required=False,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": COMMENT_MAX_LENGTH}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, statement, _short in QUESTIONS:
            self.fields[key] = forms.TypedChoiceField(
                label=statement,
                choices=[(str(value), label) for value, label in SCALE],
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
                error_messages=CHOICE_ERROR,
            )
        about = _(
            "Optional. Used only to weight the results to the community's census figures."
        )
        self.fields["home_language"] = forms.ChoiceField(
            label=_("Which language do you speak most at home?"),
            choices=[("", "–"), *home_language_choices()],
            required=False, help_text=about, error_messages=CHOICE_ERROR,
        )  # fmt: skip
        self.fields["age_band"] = forms.ChoiceField(
            label=_("Your age"),
            choices=[("", "–"), *((band, band) for band in AGE_BANDS)],
            required=False, help_text=about, error_messages=CHOICE_ERROR,
        )  # fmt: skip
        self.order_fields(
            [key for key, _s, _n in QUESTIONS]
            + ["home_language", "age_band", "comment"]
        )

    def clean_comment(self) -> str:
        comment = self.cleaned_data["comment"]
        if len(comment) > COMMENT_MAX_LENGTH:
            raise forms.ValidationError(
                _(
                    "Please shorten your comment to %(limit)s characters; it has %(length)s. Nothing was lost: your text is still here."
                ),
                params={"limit": COMMENT_MAX_LENGTH, "length": len(comment)},
            )
        return comment

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not (
            cleaned.get("comment")
            or any(cleaned.get(key) is not None for key, _s, _n in QUESTIONS)
        ):
            raise forms.ValidationError(
                _("Answer at least one question or write a comment.")
            )
        return cleaned

    def answers(self) -> dict:
        return {key: self.cleaned_data.get(key) for key, _s, _n in QUESTIONS}

    def about(self) -> dict:
        """The optional language-at-home and age-band answers ("" when not given)."""
        return {
            "home_language": self.cleaned_data.get("home_language") or "",
            "age_band": self.cleaned_data.get("age_band") or "",
        }

    def about_fields(self):
        return [self["home_language"], self["age_band"]]

    def question_fields(self):
        return [self[key] for key, _s, _n in QUESTIONS]
