"""The user's API tokens page: list, create (the token is shown once, on the answer
to the POST, never again) and revoke."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _, gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from puente.accounts import tokens


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=100,
        help_text=gettext_lazy("Where it is used, e.g. “records system export”."),
    )
    days = forms.TypedChoiceField(
        label=gettext_lazy("Valid for"), coerce=int, initial=tokens.DEFAULT_DAYS
    )
    read_only = forms.BooleanField(
        label=gettext_lazy("Read-only (cannot create, change or delete)"),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"].choices = tokens.token_lifetime_choices()


@require_http_methods(["GET", "POST"])
@login_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            created = tokens.api_token_create(
                user=request.user, name=form.cleaned_data["name"],
                days=form.cleaned_data["days"], read_only=form.cleaned_data["read_only"],
            )  # fmt: skip
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form = TokenForm()
    response = render(
        request,
        "accounts/api_tokens.html",
        {
            "form": form,
            "created": created,
            "tokens": tokens.tokens_for_user(user=request.user),
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@login_required
def revoke_api_token(request: HttpRequest, uuid) -> HttpResponse:
    token = tokens.token_for_user(user=request.user, uuid=uuid)
    if token is None:
        raise Http404
    tokens.api_token_revoke(token=token, actor=request.user)
    messages.success(request, _("The token is revoked."))
    return redirect("api_tokens:list")
