"""The Weekly review page, and a job change as a reason to get in touch on a contact's page (pure).

The page is `rolodex review --format md` with links: the same writer
(`drafts.review.sections`), given marks that link people and meetings to their pages
and show due items as the Follow-ups page does (draft, Done, Snooze, the id).
"""

from __future__ import annotations

from rolodex.drafts.review import Marks, day, role, sections
from rolodex.rules.review import JobChange, review
from rolodex.site.blocks import HUB_SEARCH, REVIEW, badge, meeting_link, person
from rolodex.site.context import Site
from rolodex.site.items import item_list
from rolodex.site.markup import front_matter, md


def weekly_review(site: Site) -> str:
    """The week on one page: what you did, what is due, who needs a word."""
    marks = Marks(
        text=md,
        person=lambda slug, name: person(site, REVIEW, slug, name),
        meeting=lambda m: meeting_link(site, REVIEW, m.slug, site.meeting_title(m)),
        items=lambda items: item_list(site, REVIEW, items),
    )
    out = [front_matter("Weekly review", search=HUB_SEARCH), "# Weekly review\n"]
    out.append(
        "The last seven days and the next seven, on one page. `rolodex review --format md` prints "
        "it as Markdown to paste into a mail or a notes app.\n"
    )
    out += sections(review(site.kb, site.today, site.inp.items), marks)
    return "\n".join(out)


def job_news(change: JobChange) -> str:
    """One line for a contact's page: their new role, the old one, when it was seen."""
    now = role(change.now_title, change.now_company) or "no company or title"
    was = role(change.was_title, change.was_company)
    return (
        f"{badge('new role', 'job-change')} Now {md(now)}"
        + (f", was {md(was)}" if was else "")
        + f" (seen {md(day(change.date))}): a reason to get in touch."
    )
