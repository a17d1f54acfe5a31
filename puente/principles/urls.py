from django.urls import path

from puente.principles import views

app_name = "principles"

urlpatterns = [
    path("principles/", views.principle_list, name="list"),
]
