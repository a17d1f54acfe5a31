from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from puente.accounts.services import user_send_invitation, user_unlock
from puente.agencies import roles, selectors, services
from puente.agencies.access import (
    get_agency_for_user,
    get_membership_for_admin,
    get_program_for_user,
    get_program_member_for_manager,
    programs_for_user,
)
from puente.agencies.forms import (
    AgencyProfileForm,
    AuditFilterForm,
    DirectoryFilterForm,
    MemberAddForm,
    MemberRoleForm,
    ProgramMemberAddForm,
)
from puente.agencies.models import Agency, Membership
from puente.audit.describe import change_rows, describe, kind_label


@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    form = DirectoryFilterForm(request.GET or None, states=selectors.directory_states())
    filters = form.cleaned_data if form.is_valid() else {}
    agencies = selectors.agency_directory(
        q=filters.get("q", ""),
        state=filters.get("state", ""),
        agency_type=filters.get("agency_type", ""),
    )
    page = Paginator(agencies, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "agencies/directory.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@require_GET
@login_required
def my_agencies(request: HttpRequest) -> HttpResponse:
    memberships = Membership.objects.filter(user=request.user).select_related("agency")
    programs = programs_for_user(request.user)
    # With one agency and no program there is nothing to choose: go to its dashboard.
    if len(memberships) == 1 and not programs.exists():
        return redirect(
            "insights_workspace:agency_dashboard", slug=memberships[0].agency.slug
        )
    return render(
        request,
        "agencies/my_agencies.html",
        {"memberships": memberships, "programs": programs},
    )


@require_http_methods(["GET", "POST"])
@login_required
def update_profile(request: HttpRequest, slug: str) -> HttpResponse:
    membership = get_agency_for_user(request.user, slug, roles.CHANGE_PROFILE)
    agency = membership.agency
    form = AgencyProfileForm(
        request.POST or None, instance=Agency.objects.get(pk=agency.pk)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.agency_update_profile(
                actor=request.user, agency=agency, data=form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The agency profile was saved."))
            return redirect("insights_workspace:agency_dashboard", slug=agency.slug)
    return render(
        request,
        "agencies/profile_form.html",
        {"form": form, "agency": agency, "membership": membership},
    )


@require_GET
@login_required
def members(request: HttpRequest, slug: str) -> HttpResponse:
    membership = get_agency_for_user(request.user, slug)
    agency = membership.agency
    return render(
        request,
        "agencies/members.html",
        {
            "agency": agency,
            "membership": membership,
            "members": selectors.agency_members(agency=agency),
            "can_manage": membership.allows(roles.MANAGE_MEMBERS),
            "role_choices": roles.AgencyRole.choices,
        },
    )


def _welcome(request: HttpRequest, user, user_created: bool, *, team: str) -> None:
    """After someone joins an agency's or a program's team: invite a new account by
    email to choose a password (naming `team`), and tell the adder what happened."""
    if user_created:
        user_send_invitation(
            user=user,
            inviter=request.user,
            agency_name=team,
            base_url=request.build_absolute_uri("/"),
        )
        messages.success(
            request,
            _("%(email)s was added and invited by email to choose a password.")
            % {"email": user.email},
        )
    else:
        messages.success(request, _("%(email)s was added.") % {"email": user.email})


@require_http_methods(["GET", "POST"])
@login_required
def add_member(request: HttpRequest, slug: str) -> HttpResponse:
    membership = get_agency_for_user(request.user, slug, roles.MANAGE_MEMBERS)
    agency = membership.agency
    form = MemberAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            added, user_created = services.membership_add(
                actor=request.user, agency=agency, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error("email", exc)
        else:
            _welcome(request, added.user, user_created, team=agency.name)
            return redirect("agencies:members", slug=agency.slug)
    return render(
        request,
        "agencies/member_add.html",
        {"form": form, "agency": agency, "membership": membership},
    )


@require_POST
@login_required
def change_member_role(request: HttpRequest, slug: str, member: str) -> HttpResponse:
    _mine, target = get_membership_for_admin(
        request.user, slug, member, roles.MANAGE_MEMBERS
    )
    form = MemberRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid role."))
    else:
        try:
            services.membership_change_role(
                actor=request.user, membership=target, role=form.cleaned_data["role"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("%(email)s is now: %(role)s.")
                % {"email": target.user.email, "role": target.get_role_display()},
            )
    return redirect("agencies:members", slug=slug)


@require_POST
@login_required
def remove_member(request: HttpRequest, slug: str, member: str) -> HttpResponse:
    _mine, target = get_membership_for_admin(
        request.user, slug, member, roles.MANAGE_MEMBERS
    )
    try:
        services.membership_remove(actor=request.user, membership=target)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("%(email)s was removed.") % {"email": target.user.email}
        )
    if target.user_id == request.user.id:
        return redirect("agencies:my_agencies")
    return redirect("agencies:members", slug=slug)


@require_POST
@login_required
def unlock_member(request: HttpRequest, slug: str, member: str) -> HttpResponse:
    """An agency admin unlocks a member locked out by failed sign-ins (or disabled for
    inactivity). Audited by `accounts.services.user_unlock`."""
    mine, target = get_membership_for_admin(
        request.user, slug, member, roles.MANAGE_MEMBERS
    )
    user_unlock(user=target.user, by=request.user, agency=mine.agency)
    messages.success(
        request, _("%(email)s can sign in again.") % {"email": target.user.email}
    )
    return redirect("agencies:members", slug=slug)


@require_GET
@login_required
def audit_log(request: HttpRequest, slug: str) -> HttpResponse:
    """The agency's audit log in words, with filters, paging and a CSV of the filtered
    events (the download is itself audited by audit.middleware)."""
    membership = get_agency_for_user(request.user, slug, roles.VIEW_AUDIT)
    agency = membership.agency
    kinds = [
        (kind, kind_label(kind)) for kind in selectors.agency_audit_kinds(agency=agency)
    ]
    form = AuditFilterForm(request.GET or None, kinds=kinds)
    filters = form.cleaned_data if form.is_valid() else {}
    filters = {key: value for key, value in filters.items() if value}
    events = selectors.agency_audit_events(agency=agency, **filters)
    if request.GET.get("format") == "csv":
        return _audit_csv(agency, events)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "agencies/audit_log.html",
        {
            "agency": agency,
            "membership": membership,
            "page": page,
            "form": form,
            "query": query.urlencode(),
            "rows": [
                {
                    "event": event,
                    "sentence": describe(event),
                    "kind": kind_label(event.object_type),
                    "changes": change_rows(event),
                }
                for event in page.object_list
            ],
        },
    )


AUDIT_CSV_MAX_ROWS = 100_000


def _audit_csv(agency, events) -> HttpResponse:
    import csv

    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{agency.slug}-audit-log.csv"'
    )
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Time (UTC)"),
            _("Who"),
            _("What happened"),
            _("Action"),
            _("Kind of record"),
            _("Object"),
            _("Outcome"),
            _("From"),
            _("Changes"),
        ]
    )
    for event in events[:AUDIT_CSV_MAX_ROWS]:
        writer.writerow(
            [
                event.created_at.strftime("%Y-%m-%d %H:%M:%S"),
                event.actor_label,
                describe(event),
                event.get_action_display(),
                kind_label(event.object_type),
                event.object_repr,
                event.get_outcome_display(),
                event.source,
                "; ".join(
                    f"{label}: {before} → {after}" if before else f"{label}: {after}"
                    for label, before, after in change_rows(event)
                ),
            ]
        )
    return response


@require_GET
@login_required
def program_dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    membership = get_program_for_user(request.user, slug)
    program = membership.program
    return render(
        request,
        "agencies/program_dashboard.html",
        {
            "program": program,
            "program_membership": membership,
            "agencies": selectors.program_agencies(program=program),
        },
    )


@require_GET
@login_required
def program_team(request: HttpRequest, slug: str) -> HttpResponse:
    membership = get_program_for_user(request.user, slug)
    return render(
        request,
        "agencies/program_team.html",
        {
            "program": membership.program,
            "program_membership": membership,
            "members": membership.program.memberships.select_related("user").order_by(
                "role", "user__email"
            ),
            "can_manage": membership.allows(roles.MANAGE_MEMBERS),
            "role_choices": roles.ProgramRole.choices,
            "form": ProgramMemberAddForm(),
        },
    )


@require_POST
@login_required
def program_add_member(request: HttpRequest, slug: str) -> HttpResponse:
    membership = get_program_for_user(request.user, slug, roles.MANAGE_MEMBERS)
    program = membership.program
    form = ProgramMemberAddForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            " ".join(str(e) for errors in form.errors.values() for e in errors),
        )
        return redirect("agencies:program_team", slug=slug)
    try:
        added, user_created = services.program_membership_add(
            actor=request.user, program=program, **form.cleaned_data
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("agencies:program_team", slug=slug)
    _welcome(request, added.user, user_created, team=program.name)
    return redirect("agencies:program_team", slug=slug)


@require_POST
@login_required
def program_change_role(request: HttpRequest, slug: str, member: str) -> HttpResponse:
    _mine, target = get_program_member_for_manager(
        request.user, slug, member, roles.MANAGE_MEMBERS
    )
    try:
        services.program_membership_change_role(
            actor=request.user, membership=target, role=request.POST.get("role", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("%(email)s is now: %(role)s.")
            % {"email": target.user.email, "role": target.get_role_display()},
        )
    return redirect("agencies:program_team", slug=slug)


@require_POST
@login_required
def program_remove_member(request: HttpRequest, slug: str, member: str) -> HttpResponse:
    _mine, target = get_program_member_for_manager(
        request.user, slug, member, roles.MANAGE_MEMBERS
    )
    try:
        services.program_membership_remove(actor=request.user, membership=target)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("%(email)s was removed.") % {"email": target.user.email}
        )
    return redirect("agencies:program_team", slug=slug)
