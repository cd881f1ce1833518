"""Who may see the membership aggregates."""


def can_view_membership_overview(user) -> bool:
    """Only community managers: membership and leaving are the community's own matter."""
    return bool(user.is_authenticated and user.is_community_manager)
