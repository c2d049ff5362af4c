"""The staff workspace's home: the user's municipalities and what needs their attention."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from trygg.promises.selectors import attention_for, dashboard_municipalities


@login_required
def home(request):
    return render(
        request,
        "workspace/home.html",
        {
            "municipalities": dashboard_municipalities(request.user),
            "attention": attention_for(request.user),
        },
    )
