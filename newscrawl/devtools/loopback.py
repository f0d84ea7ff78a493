"""Loopback stand-ins for the network in tests: a DNS resolver that sends every host name
to 127.0.0.1, so a crawl of "the live site" reaches a server on this machine, and nothing
leaves it whatever a page links to."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from twisted.internet import defer
from twisted.internet.interfaces import IResolverSimple
from zope.interface import implementer


@implementer(IResolverSimple)
class LoopbackResolver:
    """TWISTED_DNS_RESOLVER for tests: every name is 127.0.0.1."""

    def __init__(self, reactor: Any) -> None:
        self.reactor = reactor

    @classmethod
    def from_crawler(cls, crawler: Any, reactor: Any) -> LoopbackResolver:
        return cls(reactor)

    def install_on_reactor(self) -> None:
        self.reactor.installResolver(self)

    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> defer.Deferred[str]:  # noqa: N802 (Twisted's name)
        return defer.succeed("127.0.0.1")
