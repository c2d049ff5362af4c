"""Defences of the open link against ballot stuffing, without asking for personal data.

Submissions are counted per network and survey in fixed hour windows, in a database
row (``NetworkCount``) incremented atomically: the count is taken before the decision,
so sixty submissions sent at once get the counts 1 to 60, whichever worker process
serves them. The network is a keyed hash of the address and never stored with a
response. Above ``FLAG_AFTER`` an hour, responses are flagged for staff to judge (a
school class answering together looks the same as one person answering many times);
above ``REFUSE_AFTER`` they are refused for the rest of the hour.

The address itself comes from ``trygg.core.network.client_address``, which knows the
trusted proxies.
"""

import datetime
import ipaddress

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .models import NetworkCount

FLAG_AFTER = 5
REFUSE_AFTER = 30
WINDOW = datetime.timedelta(hours=1)
# One household or small office usually holds a whole IPv6 /64; counting each address
# apart would let one device spread over 2^64 "networks".
IPV6_PREFIX = 64


def network_of(address: str) -> str:
    """The network ``address`` belongs to, as counted: IPv4 by address, IPv6 by /64.

    An IPv4 address mapped into IPv6 counts as the IPv4 address. Anything that is not
    an address is counted as itself, so it cannot spread either.
    """
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return address.strip()
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network(f"{ip}/{IPV6_PREFIX}", strict=False))
    return str(ip)


def network_hash(address: str) -> str:
    """A keyed hash of the address's network: equal networks, equal hashes; no way back."""
    return salted_hmac("trygg.dialogue.ballot", network_of(address), algorithm="sha256").hexdigest()


def window_start(now: datetime.datetime | None = None) -> datetime.datetime:
    now = now or timezone.now()
    return now.replace(minute=0, second=0, microsecond=0)


def count_submission(survey_id: int, address: str) -> int:
    """Count one more submission from ``address``'s network to the survey; return the count.

    One atomic ``UPDATE … SET count = count + 1`` (or the first row's INSERT, which the
    unique constraint lets only one request make), so concurrent requests each get
    their own count. Inside the caller's transaction the row stays locked until it
    commits, and a refused or failed submission rolls its count back with it.
    """
    key = {"survey_id": survey_id, "network": network_hash(address), "window_start": window_start()}
    row = NetworkCount.objects.filter(**key)
    with transaction.atomic():
        if not row.update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    NetworkCount.objects.create(**key, count=1)
                return 1
            except IntegrityError:
                # Another request made the row first; it is committed now.
                row.update(count=F("count") + 1)
        return row.values_list("count", flat=True).get()


def is_refused(count: int) -> bool:
    return count > REFUSE_AFTER


def is_flagged(count: int) -> bool:
    return count > FLAG_AFTER


def past_counts(now: datetime.datetime | None = None):
    """The counts of windows that are over, for ``answering.purge_drafts`` to delete."""
    return NetworkCount.objects.filter(window_start__lt=window_start(now))
