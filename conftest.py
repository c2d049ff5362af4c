"""Test-run defaults, set before Django reads its settings."""

import os

os.environ.setdefault("TRYGG_SECRET_KEY", "test-secret-key-not-for-production")
os.environ.setdefault("TRYGG_HTTPS", "0")
