"""Names the public pages show for other apps' choices, in the portal's own catalog so
that they exist in every portal language (the staff interface keeps its own)."""

from django.utils.translation import gettext_lazy as _

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
COMPLAINT_KINDS = {
    "complaint": _("Complaint"),
    "commendation": _("Commendation"),
}
COMPLAINT_STATUSES = {
    "received": _("Received"),
    "under_review": _("Under review"),
    "closed": _("Closed"),
}
COMPLAINT_OUTCOMES = {
    "sustained": _("Sustained"),
    "not_sustained": _("Not sustained"),
    "exonerated": _("Exonerated"),
    "unfounded": _("Unfounded"),
    "resolved": _("Resolved informally"),
    "withdrawn": _("Withdrawn"),
    "acknowledged": _("Commendation passed on"),
    "open": _("Open"),
}
