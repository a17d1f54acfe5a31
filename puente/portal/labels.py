"""Names the public pages show for other apps' choices, in the portal's own catalog so
that they exist in every portal language (the staff interface keeps its own)."""

from django.utils.translation import gettext_lazy as _, pgettext_lazy

AGENCY_TYPES = {
    "municipal": _("Municipal police"),
    "sheriff": _("Sheriff's office or county police"),
    "state": _("State agency"),
    "other": _("Other"),
}
PARTNER_KINDS = {
    "faith": _("Faith-based organization"),
    "social": _("Social service"),
    "legal": _("Legal service"),
    "advocacy": _("Advocacy"),
    "business": _("Business"),
    "school": _("School"),
    "media": _("Media"),
    "consulate": _("Consulate"),
    "other": _("Other"),
}
DOCUMENT_KINDS = {
    "complaint_form": _("Complaint form"),
    "victim_rights": _("Victim-rights notice"),
    "consent_form": _("Consent form"),
    "language_assistance": _("Notice of free language assistance"),
    "crime_prevention": _("Crime-prevention brochure"),
    "court_procedure": _("Court-procedure guide"),
    "other": _("Other document"),
}
# The words of the complaint pages: a context keeps them apart from the same English
# words elsewhere (a survey that is "Closed" is "Cerrada", a case "Cerrado").
COMPLAINT_KINDS = {
    "complaint": pgettext_lazy("complaint", "Complaint"),
    "commendation": pgettext_lazy("complaint", "Commendation"),
}
COMPLAINT_STATUSES = {
    "received": pgettext_lazy("complaint", "Received"),
    "under_review": pgettext_lazy("complaint", "Under review"),
    "closed": pgettext_lazy("complaint", "Closed"),
}
COMPLAINT_OUTCOMES = {
    "sustained": pgettext_lazy("complaint", "Sustained"),
    "not_sustained": pgettext_lazy("complaint", "Not sustained"),
    "exonerated": pgettext_lazy("complaint", "Exonerated"),
    "unfounded": pgettext_lazy("complaint", "Unfounded"),
    "resolved": pgettext_lazy("complaint", "Resolved informally"),
    "withdrawn": pgettext_lazy("complaint", "Withdrawn"),
    "acknowledged": pgettext_lazy("complaint", "Commendation passed on"),
    "open": pgettext_lazy("complaint", "Open"),
}
