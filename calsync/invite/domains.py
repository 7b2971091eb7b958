"""What an e-mail domain says: a mail provider's, a hiring tool's, a scheduler's, a
conferencing service's (none of them the employer's). One list each, for every module."""

from __future__ import annotations

# Mail providers: an address there says nothing about whom the person works for.
MAIL = frozenset(
    """gmail.com googlemail.com outlook.com outlook.de outlook.fr outlook.es hotmail.com
    hotmail.de hotmail.fr hotmail.es hotmail.it hotmail.co.uk live.com live.de live.fr live.nl
    live.it msn.com yahoo.com yahoo.de yahoo.fr yahoo.es yahoo.it yahoo.co.uk ymail.com
    icloud.com me.com mac.com aol.com proton.me protonmail.com protonmail.ch pm.me gmx.de
    gmx.net gmx.com gmx.at gmx.ch web.de mail.com fastmail.com fastmail.fm zoho.com yandex.ru
    yandex.com hey.com posteo.de mailbox.org t-online.de freenet.de arcor.de orange.fr
    wanadoo.fr free.fr sfr.fr laposte.net telefonica.net movistar.es ziggo.nl kpnmail.nl
    planet.nl hetnet.nl xs4all.nl libero.it virgilio.it tiscali.it alice.it tim.it
    bluewin.ch qq.com 163.com example.com example.org example.net""".split()  # noqa: SIM905
)
# Applicant tracking and interview scheduling systems: an invite from one is a hiring step.
ATS = frozenset(
    """greenhouse.io greenhouse-mail.io lever.co hire.lever.co ashbyhq.com ashby.io goodtime.io
    modernloop.io gem.com smartrecruiters.com icims.com workday.com myworkday.com
    myworkdayjobs.com paradox.ai teamtailor.com teamtailor-mail.com recruitee.com personio.de
    personio.com workable.com bamboohr.com jobvite.com breezy.hr homerun.co join.com
    softgarden.io softgarden.de successfactors.com successfactors.eu taleo.net jazzhr.com
    dvinci.de rexx-systems.com prescreen.io""".split()  # noqa: SIM905
)
# Booking pages: used for interviews and for anything else.
SCHEDULERS = frozenset({"calendly.com", "savvycal.com", "cal.com", "doodle.com"})
# Calendar services' own addresses: rooms, groups, notifications.
CALENDARS = frozenset(
    {"calendar.google.com", "resource.calendar.google.com", "group.calendar.google.com"}
)
# Conferencing and coding-test services, and companies whose people also interview others:
# their domains are never the employer's evidence, but their people are people (not robots).
SERVICES = frozenset(
    """zoom.us zoom.com webex.com teams.microsoft.com teams.live.com google.com hubspot.com
    gotomeeting.com goto.com whereby.com coderpad.io hackerrank.com codility.com
    codesignal.com hirevue.com""".split()  # noqa: SIM905
)
# Addresses that send invites and sit no interview.
SENDERS = ATS | SCHEDULERS | CALENDARS
# Domains that are never the employer's.
NOT_EMPLOYERS = SENDERS | SERVICES


def under(domain: str, domains: frozenset[str]) -> bool:
    """The domain or one of its parents is in `domains` (hire.lever.co is under lever.co)."""
    parts = domain.casefold().split(".")
    return any(".".join(parts[i:]) in domains for i in range(len(parts)))
