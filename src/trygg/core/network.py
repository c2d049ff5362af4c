"""The address a request came from, as far as it can be trusted.

Used wherever Trygg counts per client: the open link's per-network limit
(``dialogue.ballot``) and the sign-in lockout (``accounts``). Behind a reverse proxy
every request comes from the proxy's own address, so the client's address is read
from ``X-Forwarded-For``, exactly ``TRYGG_PROXY_COUNT`` hops from the right: those
entries were written by the proxies we trust; anything to their left was written by
the client and is ignored, so forging it gains nothing.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The address the request came from, as far as it can be trusted.

    Without a proxy (``TRYGG_PROXY_COUNT`` 0) that is the connection's own address and
    ``X-Forwarded-For`` is never read: anyone can send it. Behind ``n`` trusted proxies
    it is the entry ``n`` hops from the right of ``X-Forwarded-For``. If the header is
    shorter than that or the entry is not an address, the request did not come the way
    the proxies would send it, and the connection's address (the proxy's) is used:
    such requests all count as one network.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRYGG_PROXY_COUNT
    if proxies <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [hop for hop in hops if hop]
    if len(hops) < proxies:
        return remote
    candidate = hops[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
