"""Pages of the notifications app (filled in by the views work)."""

from django.http import HttpResponse


def notification_list(request):
    return HttpResponse("")


def notification_open(request, pk):
    return HttpResponse("")


def mark_all_read(request):
    return HttpResponse("")


def preferences(request):
    return HttpResponse("")


def unsubscribe(request, token):
    return HttpResponse("")


def log(request):
    return HttpResponse("")
