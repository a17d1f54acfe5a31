from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.template import loader
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("That email address and password do not match an account."),
        "inactive": _("This account is inactive."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Email address")
        self.fields["username"].widget.attrs.update({"autocomplete": "email"})


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's reset form, with the email going through the outbox (sent after commit,
    retried when the mail server fails) instead of straight to the mail server."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        from puente.accounts.services import user_send_password_reset

        subject = " ".join(
            loader.render_to_string(subject_template_name, context).split()
        )
        body = loader.render_to_string(email_template_name, context)
        user_send_password_reset(user=context["user"], subject=subject, body=body)
