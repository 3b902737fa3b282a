"""Test ids that stay the same from one pytest session to the next."""

from __future__ import annotations


def plain_id(text: str) -> str:
    r"""``text`` as a test id pytest does not escape: printable ASCII, no backslash.

    pytest escapes an explicit id (``'１２'`` to ``'\uff11\uff12'``, ``\`` to
    ``\\``) and keeps the result on the parametrize mark, so a second session
    in the same process escapes it again and the id changes.  mutmut runs the
    tests in one process, then asks a later session for the ids an earlier one
    recorded: an id that changes is "not found" and stops the run.

    Examples:
        >>> plain_id("name = '１２'"), plain_id(r"Inspection\.at"), plain_id("督查")
        ("name = 'uff11uff12'", 'Inspection.at', 'u7763u67e5')
    """
    return text.encode("unicode_escape").decode("ascii").replace("\\", "")
