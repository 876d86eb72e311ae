"""The dated plan as an RFC 5545 calendar (icalendar): all-day events with stable UIDs."""

from __future__ import annotations

import datetime as dt
import hashlib

from ..output import printable, write_file
from .words import words

PRODID = "-//nmosd-flow//patient plan//EN"


def event_uid(patient_id: str, event_id: str, day: dt.date) -> str:
    """A UID that is the same every time for one patient, event and date."""
    digest = hashlib.sha256(f"{patient_id}\0{event_id}\0{day.isoformat()}".encode()).hexdigest()
    return f"{digest[:32]}@nmosd-flow"


def plan_calendar(report, stamp: dt.datetime):
    """An ``icalendar.Calendar`` of ``report.plan`` in ``report.lang``; empty without a plan.

    ``stamp`` (UTC) becomes every DTSTAMP, so the same input gives the same bytes.
    """
    import icalendar

    w, lang = words(report.lang), report.lang
    who = printable(report.patient.id)  # no raw line break or control character in a property
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", w["ics_name"].format(patient=who))
    citation = report.g.title.get(lang)
    for item in report.plan.items:
        ev = icalendar.Event()
        ev.add("uid", event_uid(report.patient.id, item.event.id, item.start))
        ev.add("dtstamp", stamp)
        ev.add("dtstart", item.start)
        ev.add("dtend", (item.end or item.start) + dt.timedelta(days=1))
        recs = ", ".join(map(str, item.event.recommendations))
        ev.add("summary", f"{item.event.label.get(lang)} ({who})")
        ev.add("description", f"{item.event.detail.get(lang)}\n"
                              f"{w['ics_recs'].format(recs=recs)}. {citation}.")
        ev.add("categories", [item.event.id])
        ev.add("transp", "TRANSPARENT")
        cal.add_component(ev)
    return cal


def stamp_for(date: dt.date) -> dt.datetime:
    """DTSTAMP: SOURCE_DATE_EPOCH when set, else midnight UTC of the report date."""
    import os

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC)


def write_ics(report, output: str) -> int:
    """Write the plan to ``output``; returns the number of events written."""
    cal = plan_calendar(report, stamp_for(report.date))
    write_file(output, cal.to_ical())
    return len(report.plan.items)
