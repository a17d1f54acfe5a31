from django.urls import path

from puente.accounts import token_views

app_name = "api_tokens"

urlpatterns = [
    path("", token_views.api_tokens, name="list"),
    path("<uuid:uuid>/revoke/", token_views.revoke_api_token, name="revoke"),
]
