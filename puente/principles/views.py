from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from puente.principles.models import Principle


@require_GET
def principle_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "principles/list.html",
        {"principles": Principle.objects.with_texts()},
    )
