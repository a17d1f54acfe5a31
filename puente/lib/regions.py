"""US Census Bureau regions, by state postal abbreviation."""

from django.utils.translation import gettext_lazy as _

REGION_NAMES = {
    "northeast": _("Northeast"),
    "midwest": _("Midwest"),
    "south": _("South"),
    "west": _("West"),
}

_STATES = {
    "northeast": "CT ME MA NH RI VT NJ NY PA",
    "midwest": "IL IN MI OH WI IA KS MN MO NE ND SD",
    "south": "DE DC FL GA MD NC SC VA WV AL KY MS TN AR LA OK TX",
    "west": "AZ CO ID MT NV NM UT WY AK CA HI OR WA",
}
STATE_REGION = {
    state: region for region, states in _STATES.items() for state in states.split()
}


def region_of(state: str) -> str | None:
    return STATE_REGION.get(state.upper())
