"""Who may do what in the community pages."""


def can_manage_community(user) -> bool:
    """Community managers write announcements, review suggestions and moderate the discussion area."""
    return user.is_authenticated and user.is_community_manager


def can_view_suggestions(user) -> bool:
    """Managers, and developers looking for themes their teams could take up."""
    return user.is_authenticated and (user.is_community_manager or user.is_developer)
