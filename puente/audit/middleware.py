from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from puente.audit.models import AuditEvent
from puente.audit.services import current_source, record
from puente.lib.clientaddr import client_ip, coarse_place


class DeniedAccessMiddleware:
    """Notes where each request comes from for the audit log, and records denied access.

    A signed-in user refused with 403, or with 404 by a tenancy check (the access helpers
    raise Http404 for outsiders), leaves an `access_denied` row (ASVS V7.2.2, CJIS 5.4.1.1).
    Anonymous 404s (bots probing addresses) are not recorded.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = current_source.set(
            (coarse_place(client_ip(request)), request.path[:255])
        )
        try:
            response = self.get_response(request)
            if response.status_code == 403 and request.user.is_authenticated:
                self._record(request, 403)
            return response
        finally:
            current_source.reset(token)

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if isinstance(exception, Http404):
            self._record(request, 404)
        elif isinstance(exception, PermissionDenied):
            # Recorded once by __call__ when the 403 response comes back.
            pass
        return None

    def _record(self, request: HttpRequest, status: int) -> None:
        record(
            action=AuditEvent.Action.ACCESS_DENIED,
            actor=request.user,
            outcome=AuditEvent.Outcome.FAILURE,
            object_type="page",
            object_repr=request.path[:255],
            changes={"status": status, "method": request.method},
        )
