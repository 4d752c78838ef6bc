"""What every command says when it ends: the exit statuses, and a mistake the user can fix."""

from __future__ import annotations

OK, FINDINGS, BAD_INPUT = 0, 1, 2
"""Exit statuses: all well; findings (problems in a canvas, or consistency findings); bad input or usage."""


class UserError(Exception):
    """A mistake the user can fix; its message is printed as it is, after "bmckit: ", and the command exits 2."""
