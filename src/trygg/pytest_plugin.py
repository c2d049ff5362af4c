"""Test-run defaults for the environment, as a pytest plugin.

pytest-django imports the settings before any conftest.py is read, and the settings
refuse to start without a secret key outside debug mode. Plugins registered by entry
point load earlier still, so this is where the test run's environment is set.
"""

import os

os.environ.setdefault("TRYGG_SECRET_KEY", "test-secret-key-not-for-production")
os.environ.setdefault("TRYGG_HTTPS", "0")
# Tests sign staff in with force_login (no second factor) as the demo signs in with a
# password only; the tests of two-step sign-in switch the requirement on themselves.
os.environ.setdefault("TRYGG_REQUIRE_TWO_FACTOR", "0")
