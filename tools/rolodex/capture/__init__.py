"""Capture: mail and calendar become touches and meetings (issue 14).

    headers.py   the header fields of a message, raw and decoded (pure)
    mailplan.py  which touches a stream of messages adds to which contact (pure)
    calplan.py   which meetings a set of calendar events creates or updates (pure)
    mailfiles.py reading mbox, Maildir, .eml/.emlx files (only the headers)
    imap.py      reading an IMAP folder, read-only (EXAMINE, BODY.PEEK of a few header fields)
    calendars.py reading .ics files and CalDAV calendars

Only headers are ever read from mail: who wrote to whom, when, the Message-ID and the
subject. Bodies are never read from a server and never stored.
"""
