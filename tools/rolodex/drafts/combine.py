"""One email for several items to the same person (pure).

Hector is owed a thank-you, a promised article and an answer about a referral: one email
does all three. The most costly item's draft is the letter; each other item becomes a
bracketed line to fill in before the sign-off, as the templates mark what only you can write.
"""

from __future__ import annotations


def combine(main: tuple[str, str], others: list[str]) -> tuple[str, str]:
    """`main`'s (subject, body) with one `[Also: …]` line per other item's title before the sign-off."""
    subject, body = main
    if not others:
        return subject, body
    extra = "\n".join(f"[Also: {title.rstrip('.')}]" for title in others)
    parts = body.rstrip("\n").split("\n\n")
    if len(parts) > 1:  # the last paragraph is the sign-off ("Best,\nSam")
        parts.insert(len(parts) - 1, extra)
    else:
        parts.append(extra)
    return subject, "\n\n".join(parts)
