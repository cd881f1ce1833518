"""Recruitment views: the public campaign and the staff side."""
