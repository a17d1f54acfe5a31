"""The liaison's field pages, which work offline once visited, and the endpoint that
receives what a phone saved while offline (docs/offline.md)."""

import json
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from puente.agencies import roles
from puente.agencies.access import get_agency_for_user
from puente.lib.languages import language_name
from puente.outreach import field
from puente.outreach.forms import ContactForm
from puente.outreach.models import CommunityContact, DeviceSubmission, Topic

# A queued record is a handful of short fields; anything larger is not one.
MAX_BODY_BYTES = 32 * 1024
MAX_FIELDS = 200


def _field_urls(slug: str) -> dict[str, str]:
    return {
        "contact": reverse("outreach:log_contact", args=[slug]),
        "recent": reverse("field:recent_contacts", args=[slug]),
        "event": reverse("field:event_attendance", args=[slug]),
        "sync": reverse("field:sync", args=[slug]),
        "manifest": reverse("field:manifest", args=[slug]),
    }


def offline_context(slug: str, kind: str = "") -> dict:
    """What the field pages' templates need: the addresses the phone keeps and the
    form's kind ("contact", "event" or "" for a page without a form)."""
    urls = _field_urls(slug)
    assets = [
        static("puente/css/puente.css"),
        static("puente/js/offline-store.js"),
        static("puente/js/offline.js"),
        static("puente/img/favicon.svg"),
        static("puente/icons/icon-192.png"),
    ]
    return {
        "offline": {
            "kind": kind,
            "urls": urls,
            "config": {
                "kind": kind,
                "syncUrl": urls["sync"],
                "precache": [urls["contact"], urls["recent"], urls["event"], *assets],
                "serviceWorker": reverse("service_worker"),
            },
        }
    }


@require_GET
@login_required
def recent_contacts(request: HttpRequest, slug: str) -> HttpResponse:
    """The contacts the signed-in liaison logged lately, and (with JavaScript) what
    waits on the phone to be sent."""
    membership = get_agency_for_user(request.user, slug, roles.WRITE)
    agency = membership.agency
    contacts = (
        CommunityContact.objects.filter(agency=agency, liaison__user=request.user)
        .select_related("liaison", "partner")
        .order_by("-date", "-created_at")[:20]
    )
    topics = dict(Topic.choices)
    rows = [
        (c, [str(topics.get(t, t)) for t in c.topics], language_name(c.language))
        for c in contacts
    ]
    return render(
        request,
        "outreach/field_recent.html",
        {"agency": agency, "membership": membership, "rows": rows}
        | offline_context(slug),
    )


@require_http_methods(["GET", "POST"])
@login_required
def event_attendance(request: HttpRequest, slug: str) -> HttpResponse:
    membership = get_agency_for_user(request.user, slug, roles.WRITE)
    agency = membership.agency
    form = field.EventAttendanceForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        try:
            field.event_attendance_record(
                actor=request.user, agency=agency, event=form.cleaned_data["event"],
                values=form.cleaned_data,
            )  # fmt: skip
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(request, _("Attendance saved."))
            return redirect("field:event_attendance", slug=slug)
    return render(
        request,
        "outreach/field_event.html",
        {"agency": agency, "membership": membership, "form": form}
        | offline_context(slug, "event"),
    )


def _json(status: int, state: str, **extra) -> JsonResponse:
    return JsonResponse({"status": state, **extra}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def sync(request: HttpRequest, slug: str) -> JsonResponse:
    """Receives one queued record as JSON: {"uuid", "kind": "contact"|"event",
    "fields": [[name, value], ...]} (the form's fields, as the form would post them).

    201 stored; 200 already received (stored once); 422 refused, with `reasons` to
    show the liaison; 400 malformed. Never a redirect: 401 when signed out (the session
    expired), 403 for a role that may not write, 404 outside the agency, so the phone
    keeps the record and sends it after the next sign-in. GET answers who is signed in,
    with a CSRF token for the POST."""
    if not request.user.is_authenticated:
        return _json(401, "signed_out", message=_("Sign in again to send."))
    try:
        membership = get_agency_for_user(request.user, slug, roles.WRITE)
    except Http404:
        return _json(404, "not_found", message=_("Not found."))
    except PermissionDenied:
        return _json(403, "forbidden", message=_("Your role cannot record this."))
    if request.method == "GET":
        return _json(200, "ready", user=request.user.pk, csrf_token=get_token(request))
    agency = membership.agency
    try:
        client_uuid, kind, data = _parse(request)
    except ValueError:
        return _json(400, "malformed", message=_("This record cannot be read."))
    if kind == DeviceSubmission.Kind.CONTACT:
        form = ContactForm(data, agency=agency, user=request.user)
    else:
        form = field.EventAttendanceForm(data, agency=agency)
    if not form.is_valid():
        return _json(422, "refused", reasons=field.refusal_reasons(form, agency))
    try:
        stored = field.submission_receive(
            actor=request.user, agency=agency, client_uuid=client_uuid, kind=kind,
            values=form.cleaned_data,
        )  # fmt: skip
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for name, errors in exc.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
            return _json(422, "refused", reasons=field.refusal_reasons(form, agency))
        return _json(422, "refused", reasons=exc.messages)
    return _json(201, "stored") if stored else _json(200, "duplicate")


def _parse(request: HttpRequest) -> tuple[uuid.UUID, str, MultiValueDict]:
    if len(request.body) > MAX_BODY_BYTES:
        raise ValueError("too large")
    try:
        payload = json.loads(request.body)
        client_uuid = uuid.UUID(str(payload["uuid"]))
        kind = payload["kind"]
        pairs = payload["fields"]
    except (ValueError, KeyError, TypeError) as exc:
        raise ValueError("malformed") from exc
    if kind not in DeviceSubmission.Kind.values or not isinstance(pairs, list):
        raise ValueError("malformed")
    if len(pairs) > MAX_FIELDS:
        raise ValueError("too many fields")
    data = MultiValueDict()
    for pair in pairs:
        if (
            not isinstance(pair, list)
            or len(pair) != 2
            or not all(isinstance(p, str) for p in pair)
        ):
            raise ValueError("malformed")
        data.appendlist(pair[0], pair[1])
    return client_uuid, kind, data


@require_GET
def manifest(request: HttpRequest, slug: str) -> JsonResponse:
    """The web app manifest that makes the field pages installable. Browsers fetch it
    without cookies, so it says nothing but the agency's address (public anyway)."""
    urls = _field_urls(slug)
    icon = "puente/icons/icon-{}.png"
    response = JsonResponse(
        {
            "name": _("Puente field contacts"),
            "short_name": _("Puente"),
            "description": _("Log community contacts, even without a connection."),
            "lang": request.LANGUAGE_CODE,
            "start_url": urls["contact"],
            "scope": "/",
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": "#0b4f6c",
            "icons": [
                {
                    "src": static(icon.format(192)),
                    "sizes": "192x192",
                    "type": "image/png",
                },
                {
                    "src": static(icon.format(512)),
                    "sizes": "512x512",
                    "type": "image/png",
                },
                {
                    "src": static(icon.format("maskable-512")),
                    "sizes": "512x512",
                    "type": "image/png",
                    "purpose": "maskable",
                },
            ],
        },  # fmt: skip
        json_dumps_params={"ensure_ascii": False},
    )
    response["Content-Type"] = "application/manifest+json"
    return response


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, a plain static file served from the site's root so that its
    scope covers the workspace pages. Checked for updates on every visit (no-cache)."""
    path = finders.find("puente/js/sw.js")
    if path is None:
        raise Http404
    with open(path, "rb") as file:
        response = HttpResponse(file.read(), content_type="text/javascript")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response
