from django.urls import path

from . import public_views as views

app_name = "answer"
urlpatterns = [
    path("<int:pk>/", views.start, name="start"),
    path("<int:pk>/kod/", views.enter_code, name="code"),
    path("<int:pk>/sida/<int:number>/", views.page, name="page"),
    path("<int:pk>/tack/", views.thanks, name="thanks"),
    path("<int:pk>/karta.geojson", views.map_data, name="map"),
]
