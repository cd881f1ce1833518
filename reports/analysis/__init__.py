"""Analyses that run on a period's data and on files from elsewhere (Webropol, Pol.is exports): no Django models here."""
