import re

from django.contrib.auth import SESSION_KEY
from django.http import HttpRequest, HttpResponse
from django_otp import DEVICE_ID_SESSION_KEY

from puente.accounts.backends import user_cache_entry
from puente.accounts.middleware import device_cache_entry
from puente.agencies.access import membership_cache_entry
from puente.lib import versioned_cache

# The agency workspace's addresses (`workspace/<slug:slug>/…`): matched here instead of
# resolving the URL a second time. Any other page still reads its membership, in a
# round trip of its own.
_WORKSPACE = re.compile(r"^/workspace/(?P<slug>[-a-zA-Z0-9_]+)/")


class IdentityPrefetchMiddleware:
    """For a signed-in request, reads the account, its verified second factor and, when
    the address is in an agency's workspace, the membership of it from the shared cache in
    one round trip instead of three (`lib.versioned_cache.prefetch`; issue 15). Each is
    still checked against its version, and loaded from the database when stale. Goes
    after the session and authentication middleware, before anything reads
    `request.user`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user_id = request.session.get(SESSION_KEY)
        if user_id is None:
            return self.get_response(request)
        entries = [user_cache_entry(user_id)]
        device = request.session.get(DEVICE_ID_SESSION_KEY)
        if device:
            entries.append(device_cache_entry(device))
        workspace = _WORKSPACE.match(request.path_info)
        if workspace:
            entries.append(membership_cache_entry(user_id, workspace["slug"]))
        token = versioned_cache.prefetch(entries)
        try:
            return self.get_response(request)
        finally:
            versioned_cache.end_prefetch(token)
