"""Who may see which organisation's objects."""

from django.db.models import QuerySet

from .models import Organisation


def can_view_organisation(user, organisation: Organisation) -> bool:
    """Community managers see every organisation; developers only their own."""
    if user.is_community_manager:
        return True
    return user.is_developer and user.organisation_id == organisation.pk


def organisations_visible_to(user) -> QuerySet[Organisation]:
    if user.is_community_manager:
        return Organisation.objects.all()
    if user.is_developer and user.organisation_id:
        return Organisation.objects.filter(pk=user.organisation_id)
    return Organisation.objects.none()
