"""Helpers for the API tests: a token for a persona, and requests with it."""

from puente.accounts.tokens import api_token_create


def token_for(user, *, read_only: bool = False, days: int = 30) -> str:
    return api_token_create(
        user=user, name=f"test {user.email}", days=days, read_only=read_only
    ).secret


def auth(token: str, **headers) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}", **headers}
