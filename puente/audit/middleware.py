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
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                if response.status_code == 403:
                    self._record(request, 403)
                elif response.status_code == 200 and _is_download(response):
                    self._record_download(request, response)
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

    def _record_download(self, request: HttpRequest, response: HttpResponse) -> None:
        # Every file a signed-in person takes away (CSV, Excel, PDF, uploads) is
        # recorded here, so no export view can forget to (ASVS V7.1.3, CJIS 5.4.1.1).
        disposition = response.get("Content-Disposition", "")
        filename = disposition.partition("filename=")[2].strip('"')[:255]
        record(
            action=AuditEvent.Action.EXPORT,
            actor=request.user,
            agency=_agency_in_path(request),
            object_type="file",
            object_repr=filename or request.path[:255],
            changes={"format": response.get("Content-Type", "").split(";")[0]},
        )

    def _record(self, request: HttpRequest, status: int) -> None:
        record(
            action=AuditEvent.Action.ACCESS_DENIED,
            actor=request.user,
            outcome=AuditEvent.Outcome.FAILURE,
            object_type="page",
            object_repr=request.path[:255],
            changes={"status": status, "method": request.method},
        )


def _is_download(response: HttpResponse) -> bool:
    return response.get("Content-Disposition", "").lower().startswith("attachment")


def _agency_in_path(request: HttpRequest):
    """The agency whose workspace address was asked for, if any (by model name: audit
    imports no app)."""
    from django.apps import apps

    match = request.resolver_match
    slug = match.kwargs.get("slug") if match else None
    # /workspace/<slug>/... or /es/workspace/<slug>/...
    if not slug or "workspace" not in request.path.strip("/").split("/")[:2]:
        return None
    return apps.get_model("agencies", "Agency").objects.filter(slug=slug).first()
