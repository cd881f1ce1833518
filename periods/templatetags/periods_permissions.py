"""The periods permission predicates for templates: `{% if user|can_manage_periods %}`."""

from django import template

from ..permissions import can_manage_periods

register = template.Library()
register.filter("can_manage_periods", can_manage_periods)
