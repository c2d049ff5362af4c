from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("<str:municipality>/atgardsplan/", views.plan_list, name="plans"),
    path("<str:municipality>/atgardsplan/ny/", views.PlanCreate.as_view(), name="plan_create"),
    path(
        "<str:municipality>/atgardsplan/problem/ny/",
        views.ProblemCreate.as_view(),
        name="problem_create",
    ),
    path(
        "<str:municipality>/atgardsplan/fran-lagesbild/<int:year>/",
        views.problem_from_lagesbild,
        name="problem_from_lagesbild",
    ),
    path("atgardsplaner/<int:pk>/", views.plan_detail, name="plan"),
    path("atgardsplaner/<int:pk>/redigera/", views.PlanUpdate.as_view(), name="plan_update"),
    path("atgardsplaner/<int:pk>/besluta/", views.PlanDecide.as_view(), name="plan_decide"),
    path(
        "atgardsplaner/<int:pk>/atgardsplan.<str:extension>",
        views.plan_export,
        name="plan_export",
    ),
    path(
        "atgardsplaner/<int:pk>/atgarder/ny/", views.MeasureCreate.as_view(), name="measure_create"
    ),
    path(
        "atgardsplaner/problem/<int:pk>/redigera/",
        views.ProblemUpdate.as_view(),
        name="problem_update",
    ),
    path(
        "atgardsplaner/problem/<int:pk>/underlag/ny/",
        views.EvidenceCreate.as_view(),
        name="evidence_create",
    ),
    path("atgardsplaner/atgarder/<int:pk>/", views.measure_detail, name="measure"),
    path(
        "atgardsplaner/atgarder/<int:pk>/redigera/",
        views.MeasureUpdate.as_view(),
        name="measure_update",
    ),
    path(
        "atgardsplaner/atgarder/<int:pk>/uppfoljning/ny/",
        views.FollowUpCreate.as_view(),
        name="follow_up_create",
    ),
    path(
        "atgardsplaner/atgarder/<int:pk>/till-lofte/",
        views.MakeAction.as_view(),
        name="make_action",
    ),
]
