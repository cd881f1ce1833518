"""Who may use support's staff pages: community managers only (developers never see the inbox)."""


def can_use_inbox(user) -> bool:
    return bool(getattr(user, "is_community_manager", False))


def can_edit_help(user) -> bool:
    return bool(getattr(user, "is_community_manager", False))
