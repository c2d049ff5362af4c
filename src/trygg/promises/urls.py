from django.urls import path

from . import views

app_name = "promises"
urlpatterns = [
    path("<str:municipality>/overenskommelser/", views.agreement_list, name="agreements"),
    path(
        "<str:municipality>/overenskommelser/ny/",
        views.AgreementCreate.as_view(),
        name="agreement_create",
    ),
    path("overenskommelser/<int:pk>/", views.agreement_detail, name="agreement"),
    path(
        "overenskommelser/<int:pk>/redigera/",
        views.AgreementUpdate.as_view(),
        name="agreement_update",
    ),
    path(
        "overenskommelser/<int:pk>/underteckna/",
        views.AgreementSign.as_view(),
        name="agreement_sign",
    ),
    path("overenskommelser/<int:pk>/publicera/", views.agreement_publish, name="agreement_publish"),
    path("overenskommelser/<int:pk>/avsluta/", views.agreement_end, name="agreement_end"),
    path(
        "overenskommelser/<int:pk>/historik/",
        views.agreement_history_view,
        name="agreement_history",
    ),
    path(
        "overenskommelser/<int:pk>/dokument/", views.agreement_document, name="agreement_document"
    ),
    path(
        "overenskommelser/<int:pk>/undertecknare/ny/",
        views.SignatoryCreate.as_view(),
        name="signatory_create",
    ),
    path(
        "overenskommelser/<int:pk>/fokusomraden/ny/",
        views.FocusAreaCreate.as_view(),
        name="focus_area_create",
    ),
    path(
        "fokusomraden/<int:pk>/redigera/", views.FocusAreaUpdate.as_view(), name="focus_area_update"
    ),
    path("fokusomraden/<int:pk>/loften/ny/", views.PromiseCreate.as_view(), name="promise_create"),
    path("loften/<int:pk>/redigera/", views.PromiseUpdate.as_view(), name="promise_update"),
    path(
        "loften/<int:pk>/underlag/ny/", views.EvidenceLinkCreate.as_view(), name="evidence_create"
    ),
    path("loften/<int:pk>/atgarder/ny/", views.ActionCreate.as_view(), name="action_create"),
    path(
        "loften/<int:pk>/indikatorer/ny/", views.IndicatorCreate.as_view(), name="indicator_create"
    ),
    path("atgarder/<int:pk>/", views.action_detail, name="action"),
    path("atgarder/<int:pk>/redigera/", views.ActionUpdate.as_view(), name="action_update"),
    path(
        "atgarder/<int:pk>/uppfoljning/ny/",
        views.ProgressUpdateCreate.as_view(),
        name="progress_create",
    ),
    path(
        "uppfoljning/<int:pk>/ratta/",
        views.ProgressUpdateCorrect.as_view(),
        name="progress_correct",
    ),
    path(
        "uppfoljning/<int:pk>/dra-tillbaka/",
        views.ProgressUpdateWithdraw.as_view(),
        name="progress_withdraw",
    ),
    path("uppfoljning/<int:pk>/bilaga/", views.progress_attachment, name="progress_attachment"),
    path(
        "indikatorer/<int:pk>/redigera/", views.IndicatorUpdate.as_view(), name="indicator_update"
    ),
    path(
        "indikatorer/<int:pk>/varden/ny/",
        views.IndicatorValueCreate.as_view(),
        name="indicator_value_create",
    ),
    path(
        "undertecknare/<int:pk>/ta-bort/", views.SignatoryDelete.as_view(), name="signatory_delete"
    ),
    path(
        "fokusomraden/<int:pk>/ta-bort/", views.FocusAreaDelete.as_view(), name="focus_area_delete"
    ),
    path("loften/<int:pk>/ta-bort/", views.PromiseDelete.as_view(), name="promise_delete"),
    path("underlag/<int:pk>/ta-bort/", views.EvidenceLinkDelete.as_view(), name="evidence_delete"),
    path("atgarder/<int:pk>/ta-bort/", views.ActionDelete.as_view(), name="action_delete"),
]
