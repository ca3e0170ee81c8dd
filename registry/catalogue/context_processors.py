from django.conf import settings


def catalogue(request):
    return {"show_demo_notice": settings.SHOW_DEMO_NOTICE}
