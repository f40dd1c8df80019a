from django.urls import path

from . import views

app_name = "newsletters"

urlpatterns = [
    path("", views.subscribe, name="subscribe"),
    path("check-your-inbox/", views.check_inbox, name="check-inbox"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
