from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, object]:
    """Expose the site's configurable name and texts to every template."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_LOGO_TEXT": settings.SITE_LOGO_TEXT,
        "SITE_OWNER": settings.SITE_OWNER,
        "SUPPORT_EMAIL": settings.SUPPORT_EMAIL,
        "ANONYMITY_THRESHOLD": settings.ANONYMITY_THRESHOLD,
        "LOCKOUT_MINUTES": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
