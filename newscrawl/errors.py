"""Errors a user can act on, and the exit statuses of `scrapy crawl` (see README).

| status | meaning |
|---|---|
| 0 | the run finished and every monitor passed |
| 1 | refused to start (another run holds the state, the state is damaged) |
| 2 | usage: a bad spider argument, setting or feed |
| 3 | a monitor failed (zero articles, error rate, field coverage, fallback share) |
| 4 | output not written (a feed failed); its records stay pending for the next run |
| 5 | interrupted (SIGINT/SIGTERM); resume with the same JOBDIR, or just run again |
| 6 | the crawl state could not be written (full disk, locked); the next run reconciles |

Every non-zero status comes with one line on stderr saying why.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_USAGE = 2
EXIT_MONITORS_FAILED = 3
EXIT_OUTPUT_FAILED = 4
EXIT_INTERRUPTED = 5
EXIT_STATE_FAILED = 6


class NewscrawlError(Exception):
    """An error whose message is one line for the user; `exit_status` says how it ends."""

    exit_status = EXIT_REFUSED


class UsageProblem(NewscrawlError, ValueError):
    """A bad argument, setting or feed given by the user."""

    exit_status = EXIT_USAGE


class RefusedToStart(NewscrawlError):
    """The run cannot start safely (the state is locked or damaged)."""

    exit_status = EXIT_REFUSED
