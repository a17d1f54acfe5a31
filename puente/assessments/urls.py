from django.urls import include, path

from puente.assessments import views

app_name = "assessments"

response_urls = [
    path("page/<int:page>/", views.answer, name="answer"),
    path("review/", views.review, name="review"),
    path("submit/", views.submit, name="submit"),
    path("results/", views.results, name="results"),
]

urlpatterns = [
    path(
        "workspace/<slug:slug>/assessment/",
        views.self_assessments,
        name="self_assessments",
    ),
    path(
        "workspace/<slug:slug>/assessment/start/",
        views.start_self_assessment,
        name="start",
    ),
    path("workspace/<slug:slug>/assessment/<uuid:response>/", include(response_urls)),
]
