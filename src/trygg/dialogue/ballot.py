"""Defences of the open link against ballot stuffing, without asking for personal data.

Submissions are counted per network address and survey for an hour, in the cache
only: the address is hashed with the secret key and never stored with a response.
Above ``FLAG_AFTER`` an hour, responses are flagged for staff to judge (a school
class answering together looks the same as one person answering many times); above
``REFUSE_AFTER`` they are refused for the rest of the hour.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache

FLAG_AFTER = 5
REFUSE_AFTER = 30
WINDOW_SECONDS = 3600


def _key(survey_id: int, address: str) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]
    return f"dialogue-ballot-{survey_id}-{digest}"


def submissions_so_far(survey_id: int, address: str) -> int:
    return cache.get(_key(survey_id, address), 0)


def count_submission(survey_id: int, address: str) -> int:
    key = _key(survey_id, address)
    if cache.add(key, 1, WINDOW_SECONDS):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, WINDOW_SECONDS)
        return 1


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "")
