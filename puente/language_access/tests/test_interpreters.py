"""Interpreter and language-line use: a vendor's monthly CSV with row errors is refused
whole, a good one is imported, uses are typed in by hand, and the quarter's minutes and
cost by language sit beside whether the agency has translated documents."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from puente.audit.models import AuditEvent
from puente.language_access import selectors, services
from puente.language_access.models import InterpreterUse
from puente.lib.quarters import Quarter

pytestmark = pytest.mark.django_db

GOOD = (
    "Date,Language,Minutes,Service Type,Charge\n"
    "2026-01-05,Spanish,12,OPI,$11.40\n"
    "2026-01-09,so,30,VRI,36.00\n"
    "2026-02-11,Somali,45,In person,\n"
)
BAD = (
    "Date,Language,Minutes,Service Type,Charge\n"
    "2026-01-05,Spanish,12,OPI,11.40\n"
    "05/01/2026,Klingonese,-3,Fax,abc\n"
    "2026-01-07,Arabic,0,phone,1.00\n"
)


def _upload(client, text, name="vendor-2026-01.csv", vendor="LanguageLine (fictional)"):
    return client.post(
        reverse("language_access:import_interpreters", args=["alphaville-pd"]),
        {"file": SimpleUploadedFile(name, text.encode()), "vendor": vendor},
    )


def test_a_csv_with_row_errors_imports_nothing_and_lists_every_bad_row(
    client, member_a
):
    client.force_login(member_a)
    response = _upload(client, BAD)
    assert response.status_code == 400
    errors = dict(response.context["row_errors"])
    assert set(errors) == {3, 4}
    assert "Klingonese" in errors[3] and "mode" in errors[3] and "cost" in errors[3]
    assert "date" in errors[3] and "minutes" in errors[4]
    assert "Line 3:" in response.content.decode()
    assert InterpreterUse.objects.count() == 0


def test_a_good_csv_is_imported_and_summed_by_language(client, member_a, agency_a):
    client.force_login(member_a)
    response = _upload(client, GOOD)
    assert response.status_code == 302
    uses = InterpreterUse.objects.order_by("used_on")
    assert [(u.language, u.minutes, u.mode, u.cost) for u in uses] == [
        ("es", 12, "telephone", Decimal("11.40")),
        ("so", 30, "video", Decimal("36.00")),
        ("so", 45, "in_person", None),
    ]
    assert {u.vendor for u in uses} == {"LanguageLine (fictional)"}
    assert AuditEvent.objects.filter(action="import", agency=agency_a).count() == 1
    rows = selectors.interpreter_quarter(agency=agency_a, quarter=Quarter(2026, 1))
    assert [(r.language, r.uses, r.minutes, r.cost, r.translated) for r in rows] == [
        ("so", 2, 75, Decimal("36.00"), False),
        ("es", 1, 12, Decimal("11.40"), False),
    ]
    page = client.get(
        reverse("language_access:interpreters", args=["alphaville-pd"])
        + "?quarter=2026Q1"
    )
    assert page.status_code == 200 and "Somali" in page.content.decode()


def test_a_file_without_the_needed_columns_or_not_a_spreadsheet_is_refused(
    client, member_a
):
    client.force_login(member_a)
    response = _upload(client, "when,who\n2026-01-01,x\n")
    assert (
        response.status_code == 400
        and "date, language, minutes, mode" in response.content.decode()
    )
    response = _upload(
        client, "\xff\xfe".encode("latin-1").decode("latin-1") + "\x00garbage"
    )
    assert response.status_code == 400
    assert InterpreterUse.objects.count() == 0


def test_a_use_is_entered_by_hand(client, member_a, agency_a):
    client.force_login(member_a)
    url = reverse("language_access:interpreters", args=["alphaville-pd"])
    response = client.post(url, {"used_on": "2026-03-02", "language": "ar", "minutes": "20",
                                 "mode": "video", "vendor": "", "cost": "15.5"})  # fmt: skip
    assert response.status_code == 302
    use = InterpreterUse.objects.get()
    assert (use.used_on, use.language, use.cost) == (
        date(2026, 3, 2),
        "ar",
        Decimal("15.50"),
    )
    assert client.post(url, {"used_on": "2026-03-02", "language": "ar", "minutes": "0",
                             "mode": "video"}).status_code == 400  # fmt: skip


def test_roles_and_tenancy(client, viewer_a, member_b):
    url = reverse("language_access:interpreters", args=["alphaville-pd"])
    imports = reverse("language_access:import_interpreters", args=["alphaville-pd"])
    client.force_login(viewer_a)
    # Vera (read-only) sees the figures but may not add or import.
    assert client.get(url).status_code == 200
    assert client.post(url, {"minutes": "3"}).status_code == 403
    assert client.get(imports).status_code == 403
    client.force_login(member_b)
    assert client.get(url).status_code == 404 and client.get(imports).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302
    client.force_login(viewer_a)
    assert client.delete(url).status_code == 405


def test_the_import_is_bounded(tmp_path, agency_a, monkeypatch):
    monkeypatch.setattr(services, "MAX_INTERPRETER_ROWS", 2)
    path = tmp_path / "big.csv"
    path.write_text(GOOD)
    with pytest.raises(services.InterpreterImportError, match="more than 2 rows"):
        services.interpreter_uses_import(
            actor=None, agency=agency_a, path=path, filename="big.csv"
        )
