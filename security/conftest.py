"""The security suite: attacks written as tests, each naming the promise of SECURITY.md it proves.

Fixtures of the root conftest.py (the personas) are available here too.
"""
