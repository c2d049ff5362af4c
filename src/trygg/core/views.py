"""The staff workspace's home."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from trygg.promises.selectors import attention_for, dashboard_municipalities


@login_required
def dashboard(request):
    return render(
        request,
        "core/dashboard.html",
        {
            "municipalities": dashboard_municipalities(request.user),
            "attention": attention_for(request.user),
        },
    )
