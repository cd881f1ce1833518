"""`python -m security.checks`: print the findings of our own static checks; exit 1 when there are any."""

import os
import sys

import django

from security.checks import findings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prototyypit.settings")
django.setup()  # the URL check reads the resolver
found = findings()
for finding in found:
    print(finding)
print(f"{len(found)} finding(s) from the checks in security/checks/", file=sys.stderr)
sys.exit(1 if found else 0)
