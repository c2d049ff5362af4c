"""Wrong passwords lock the account and the address for a while (django-axes).

django-axes records each failure in the database (``AccessAttempt``) and refuses a
sign-in, even with the right password, once the account or the address has
``AXES_FAILURE_LIMIT`` failures within ``AXES_COOLOFF_TIME``. The address is the one
the rest of Trygg trusts (``trygg.core.network.client_address``: behind
``TRYGG_PROXY_COUNT`` proxies, never a header a client wrote itself).

django-axes checks the count before the password and records the failure after it, so
a burst of simultaneous guesses would all pass the check before the first failure is
written. ``one_attempt_at_a_time`` closes that gap: attempts on the same account or
from the same address run one after another, each seeing the failures before it.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from axes.utils import reset
from django.db import connection, transaction

from trygg.core.network import client_address

# The first key of PostgreSQL's two-key advisory locks: sign-in attempts' own space.
ADVISORY_LOCK_SPACE = 7_310


@contextmanager
def one_attempt_at_a_time(username: str, address: str) -> Iterator[None]:
    """Run the block in a transaction that no other attempt on this account or address shares.

    PostgreSQL takes a transaction-scoped advisory lock per key (in a fixed order, so
    two attempts never wait for each other crosswise); SQLite's IMMEDIATE transactions
    already let one writer at a time in. The locks go with the transaction, so nothing
    is left behind, and unknown user names create no rows.
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for key in sorted({f"user:{username}", f"address:{address}"}):
                    cursor.execute(
                        "SELECT pg_advisory_xact_lock(%s, hashtext(%s))",
                        [ADVISORY_LOCK_SPACE, key],
                    )
        yield


def forget_own_failures(request, username: str) -> None:
    """After a complete sign-in, forget this user's own mistakes from this address.

    Only that pair: django-axes' own reset on success would also clear the address's
    failures on other accounts and the account's failures from other addresses, so one
    valid sign-in would let an attacker start guessing afresh.
    """
    reset(ip=client_address(request), username=username)
