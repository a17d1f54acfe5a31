from django.urls import include, path

from puente.assessments import campaign_views, views

app_name = "assessments"

response_urls = [
    path("page/<int:page>/", views.answer, name="answer"),
    path("review/", views.review, name="review"),
    path("submit/", views.submit, name="submit"),
    path("results/", views.results, name="results"),
]

survey_urls = [
    path("", views.survey, name="survey"),
    path("page/<int:page>/", views.survey_answer, name="survey_answer"),
    path("review/", views.survey_review, name="survey_review"),
    path("submit/", views.survey_submit, name="survey_submit"),
    path("done/", views.survey_results, name="survey_results"),
]

campaign_urls = [
    path("", campaign_views.campaign_detail, name="campaign_detail"),
    path("edit/", campaign_views.campaign_edit, name="campaign_edit"),
    path("step/<str:action>/", campaign_views.campaign_step, name="campaign_step"),
    path("agencies/", campaign_views.campaign_agencies, name="campaign_agencies"),
    path(
        "agencies/<slug:agency>/remove/",
        campaign_views.remove_agency,
        name="remove_agency",
    ),
    path("invite/", campaign_views.invite_agencies, name="invite_agencies"),
    path("responses/import/", campaign_views.import_responses, name="import_responses"),
    path(
        "responses/import/<uuid:job>/",
        campaign_views.import_responses_job,
        name="import_responses_job",
    ),
    path("send/", campaign_views.send_due, name="send_due"),
    path("send/preview/", campaign_views.preview_due, name="preview_due"),
    path("contacts/", campaign_views.set_contacts, name="set_contacts"),
    path("consent/", campaign_views.consent_list, name="consent_list"),
    path("consent/<slug:agency>/", campaign_views.set_consent, name="set_consent"),
    path("review/", campaign_views.review_overview, name="review_overview"),
    path("review/shortlist/", campaign_views.make_shortlist, name="make_shortlist"),
    path("review/<str:kind>/advance/", campaign_views.advance, name="advance"),
    path(
        "review/<str:kind>/<slug:agency>/",
        campaign_views.review_agency,
        name="review_agency",
    ),
    path(
        "conflicts/<slug:agency>/",
        campaign_views.declare_conflict,
        name="declare_conflict",
    ),
]

urlpatterns = [
    path("survey/<str:token>/", include(survey_urls)),
    path(
        "programs/<slug:slug>/campaigns/",
        campaign_views.campaign_list,
        name="campaign_list",
    ),
    path("programs/<slug:slug>/campaigns/<slug:campaign>/", include(campaign_urls)),
    path(
        "workspace/<slug:slug>/assessment/",
        views.self_assessments,
        name="self_assessments",
    ),
    path(
        "workspace/<slug:slug>/assessment/campaigns/<slug:campaign>/consent/",
        views.set_own_consent,
        name="set_own_consent",
    ),
    path(
        "workspace/<slug:slug>/assessment/start/",
        views.start_self_assessment,
        name="start",
    ),
    path("workspace/<slug:slug>/assessment/<uuid:response>/", include(response_urls)),
]
