from django.urls import path

from . import views

app_name = "dialogue"
urlpatterns = [
    path("<str:municipality>/dialog/", views.survey_list, name="surveys"),
    path("<str:municipality>/dialog/ny/", views.survey_create, name="survey_create"),
    path("dialog/<int:pk>/", views.survey_detail, name="survey"),
    path("dialog/<int:pk>/redigera/", views.SurveyDetailsUpdate.as_view(), name="survey_update"),
    path("dialog/<int:pk>/oppna/", views.survey_open, name="survey_open"),
    path("dialog/<int:pk>/stang/", views.survey_close, name="survey_close"),
    path("dialog/<int:pk>/forhandsvisning/", views.survey_preview, name="survey_preview"),
    path(
        "dialog/<int:pk>/forhandsvisning/karta.geojson",
        views.survey_preview_map,
        name="survey_preview_map",
    ),
    path("dialog/<int:pk>/fragebank/", views.bank_question_add, name="bank_question_add"),
    path("dialog/<int:pk>/fragor/ny/", views.QuestionCreate.as_view(), name="question_create"),
    path("fragor/<int:pk>/redigera/", views.QuestionUpdate.as_view(), name="question_update"),
    path("fragor/<int:pk>/ta-bort/", views.QuestionDelete.as_view(), name="question_delete"),
    path("fragor/<int:pk>/flytta-upp/", views.question_move_up, name="question_move_up"),
    path("fragor/<int:pk>/flytta-ned/", views.question_move_down, name="question_move_down"),
    path("fragor/<int:pk>/sidbrytning/", views.question_page_break, name="question_page_break"),
    path("fragor/<int:pk>/svarsalternativ/ny/", views.OptionCreate.as_view(), name="option_create"),
    path("svarsalternativ/<int:pk>/redigera/", views.OptionUpdate.as_view(), name="option_update"),
    path("dialog/<int:pk>/pappersenkat/", views.paper_response, name="paper_response"),
    path("dialog/<int:pk>/inbjudningar/", views.invitations, name="invitations"),
    path(
        "dialog/<int:pk>/inbjudningar/skicka-igen/",
        views.invitations_send_again,
        name="invitations_send_again",
    ),
]
