"""Defences of the open link against ballot stuffing, without asking for personal data.

Submissions are counted per network and survey over a sliding hour: a row per minute
(``NetworkCount``), summed over the last sixty. A fixed clock hour would let a burst
sent at 13:59:59 count half in one hour and half in the next, twice the allowance.
The count is taken before the decision and in line: each submission first updates
its network's lock row (``SubmittingNetwork``), which holds the others of that
network until it commits, so sixty submissions sent at once get the counts 1 to 60,
whichever worker process serves them. The network is a keyed hash of the address and
never stored with a response. Above ``FLAG_AFTER`` in an hour, responses are flagged
for staff to judge (a school class answering together looks the same as one person
answering many times); above ``REFUSE_AFTER`` they are refused until the hour's
count has fallen again.

The address itself comes from ``trygg.core.network.client_address``, which knows the
trusted proxies.
"""

import datetime
import ipaddress

from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet, Sum
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .models import NetworkCount, SubmittingNetwork

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


def minute_of(now: datetime.datetime) -> datetime.datetime:
    return now.replace(second=0, microsecond=0)


def count_submission(survey_id: int, address: str, now: datetime.datetime | None = None) -> int:
    """Count one more submission from ``address``'s network to the survey; return the
    network's count over the last hour, this one included.

    Inside the caller's transaction the lock row stays locked until it commits, and a
    refused or failed submission rolls its count back with it.
    """
    now = now or timezone.now()
    minute = minute_of(now)
    with transaction.atomic():
        network = _hold_network(survey_id, network_hash(address), now)
        counts = NetworkCount.objects.filter(network=network)
        # In line behind the lock row: no other submission of this network can make
        # this minute's row at the same time.
        if not counts.filter(minute=minute).update(count=F("count") + 1):
            NetworkCount.objects.create(network=network, minute=minute, count=1)
            counts.filter(minute__lte=minute - WINDOW).delete()
        return counts.filter(minute__gt=minute - WINDOW).aggregate(total=Sum("count"))["total"]


def _hold_network(survey_id: int, network: str, now: datetime.datetime) -> SubmittingNetwork:
    """The network's lock row, updated (and so locked) by this transaction.

    An ``UPDATE`` waits for any other transaction holding the row; the first
    submission ever makes the row, and one made at the same time by another request
    fails on the unique constraint and waits on the update instead.
    """
    key = {"survey_id": survey_id, "network": network}
    rows = SubmittingNetwork.objects.filter(**key)
    if not rows.update(last_submitted_at=now):
        try:
            with transaction.atomic():
                return SubmittingNetwork.objects.create(**key, last_submitted_at=now)
        except IntegrityError:
            rows.update(last_submitted_at=now)
    return rows.get()


def is_refused(count: int) -> bool:
    return count > REFUSE_AFTER


def is_flagged(count: int) -> bool:
    return count > FLAG_AFTER


def past_counts(now: datetime.datetime | None = None) -> QuerySet[SubmittingNetwork]:
    """Networks silent for an hour, with their counts, for ``answering.purge_drafts``.

    A network still submitting keeps its row; its minutes older than the hour are
    deleted as it submits.
    """
    now = now or timezone.now()
    return SubmittingNetwork.objects.filter(last_submitted_at__lte=now - WINDOW)
