from django.urls import path

from . import views

app_name = "tenancy"
urlpatterns = [
    path("<str:municipality>/medarbetare/", views.members, name="members"),
    path("<str:municipality>/medarbetare/ny/", views.member_add, name="member_add"),
    path("medarbetare/<int:pk>/roll/", views.member_update, name="member_update"),
    path("medarbetare/<int:pk>/ta-bort/", views.MemberRemove.as_view(), name="member_remove"),
    path("<str:municipality>/samverkanspartner/ny/", views.partner_create, name="partner_create"),
    path(
        "samverkanspartner/<int:pk>/ta-bort/",
        views.PartnerRemove.as_view(),
        name="partner_delete",
    ),
    path(
        "<str:municipality>/medarbetare/tvastegsverifiering/",
        views.two_factor_requirement,
        name="two_factor_requirement",
    ),
    path(
        "<str:municipality>/medarbetare/kontakt/",
        views.residents_contact,
        name="residents_contact",
    ),
]
