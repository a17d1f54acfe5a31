from django.http import HttpResponse
from django.urls import path

from puente.urls import urlpatterns as puente_urlpatterns


def minimal(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/minimal", minimal), *puente_urlpatterns]
