"""Public news: published announcements meant for everyone. Anonymous visitors welcome."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.pagination import paginate

from ..access import announcement_or_404
from ..models import Announcement


@require_GET
def news_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, Announcement.objects.public(), per_page=10)
    return render(request, "community/news_list.html", {"page": page})


@require_GET
def news_detail(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = announcement_or_404(request, pk, public=True)
    return render(request, "community/news_detail.html", {"announcement": announcement})
