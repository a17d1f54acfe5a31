from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from puente.agencies import roles
from puente.agencies.access import get_agency_for_user
from puente.practices import services
from puente.practices.forms import AdoptionForm
from puente.practices.models import Adoption


def _own_adoption(user, slug: str, uuid, permission: str):
    """The agency's adoption: 404 to outsiders and for another agency's row, 403 to
    roles without `permission`."""
    membership = get_agency_for_user(user, slug, permission)
    adoption = (
        Adoption.objects.filter(agency=membership.agency, uuid=uuid)
        .select_related("practice", "program", "agency")
        .first()
    )
    if adoption is None:
        raise Http404
    return membership, adoption


@require_http_methods(["GET", "POST"])
@login_required
def agency_adoptions(request: HttpRequest, slug: str) -> HttpResponse:
    """The practices the agency runs, and (for writers) a form to record one."""
    membership = get_agency_for_user(
        request.user, slug, roles.WRITE if request.method == "POST" else roles.VIEW
    )
    agency = membership.agency
    can_write = membership.allows(roles.WRITE)
    form = AdoptionForm(request.POST or None, agency=agency) if can_write else None
    if request.method == "POST" and form.is_valid():
        try:
            services.adoption_record(
                agency=agency, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The practice is recorded."))
            return redirect("practices:agency_adoptions", slug=slug)
    adoptions = (
        Adoption.objects.filter(agency=agency)
        .select_related("practice", "program")
        .prefetch_related("practice__texts")
    )
    return render(
        request,
        "practices/agency_adoptions.html",
        {"agency": agency, "membership": membership, "adoptions": adoptions,
         "form": form, "can_write": can_write},
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
@login_required
def edit_adoption(request: HttpRequest, slug: str, uuid) -> HttpResponse:
    membership, adoption = _own_adoption(request.user, slug, uuid, roles.WRITE)
    form = AdoptionForm(request.POST or None, instance=adoption, agency=adoption.agency)
    if request.method == "POST" and form.is_valid():
        values = {f: form.cleaned_data[f] for f in services.ADOPTION_FIELDS}
        fresh = Adoption.objects.get(pk=adoption.pk)
        try:
            services.adoption_change(adoption=fresh, actor=request.user, **values)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The change is saved."))
            return redirect("practices:agency_adoptions", slug=slug)
    return render(
        request,
        "practices/adoption_form.html",
        {"agency": membership.agency, "membership": membership, "form": form,
         "adoption": adoption},
    )  # fmt: skip


@require_POST
@login_required
def delete_adoption(request: HttpRequest, slug: str, uuid) -> HttpResponse:
    _membership, adoption = _own_adoption(request.user, slug, uuid, roles.WRITE)
    services.adoption_delete(adoption=adoption, actor=request.user)
    messages.success(request, _("The record is removed; the audit log keeps it."))
    return redirect("practices:agency_adoptions", slug=slug)
