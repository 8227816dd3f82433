"""Shared fixtures: the portal's live servers (tests/portal_fixtures.py)."""
pytest_plugins = ["tests.portal_fixtures"]
