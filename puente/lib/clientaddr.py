"""Where a request comes from, as coarsely as the audit log and session list need it."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The visitor's address: PUENTE_CLIENT_IP_HEADER behind a proxy, else REMOTE_ADDR."""
    header = settings.PUENTE_CLIENT_IP_HEADER
    if header:
        key = "HTTP_" + header.upper().replace("-", "_")
        # The last address is the one the trusted proxy saw (as in portal/abuse.py).
        value = request.META.get(key, "").split(",")[-1].strip()
        if value:
            return value
    return request.META.get("REMOTE_ADDR", "") or ""


def coarse_place(address: str) -> str:
    """The network, not the host: 203.0.113.7 → "203.0.113.x", IPv6 → its /48.

    Enough to tell "my office" from "somewhere else" without keeping a full address.
    An unparseable value gives "".
    """
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return ""
    if ip.version == 4:
        return ".".join(str(ip).split(".")[:3]) + ".x"
    network = ipaddress.ip_network(f"{ip}/48", strict=False)
    return f"{network.network_address}/48"
