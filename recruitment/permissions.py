"""Who may run recruitment: community managers only; applicants' identity is theirs to see."""


def can_manage_recruitment(user) -> bool:
    return user.is_authenticated and user.is_community_manager
