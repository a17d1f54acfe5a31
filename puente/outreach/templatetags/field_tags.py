from django import template
from django.utils.html import json_script

from puente.outreach.field import client_messages

register = template.Library()


@register.simple_tag
def offline_messages():
    """The offline queue's messages as a JSON data block (not a script the browser runs,
    so a strict Content-Security-Policy allows it)."""
    return json_script(client_messages(), "puente-offline-messages")


@register.simple_tag
def field_offline(slug: str, kind: str = "") -> dict:
    """The field page's offline settings (`field_views.offline_context`), for a page
    whose view does not provide them: `{% field_offline agency.slug "contact" as o %}`."""
    from puente.outreach.field_views import offline_context

    return offline_context(slug, kind)["offline"]
