"""Reads an iCalendar file (or the text/calendar part of a mail file) with Python's
icalendar package and expands its recurrences with recurring-ical-events, for Sojourn's
calendar tests. Prints JSON:

  {"method": ..., "events": [{"uid", "sequence", "status", "summary", "rrule", "recurrenceId"}],
   "instances": [{"uid", "start", "end", "summary"}], "timezones": [...]}

Instances are sorted by start; a timed start is written in its zone with its offset
(2027-03-01T09:00:00-05:00), an all-day one as a date. Exits 1 on a file icalendar
cannot read.
"""
import datetime
import email
import email.policy
import json
import sys

import icalendar
import recurring_ical_events


def calendar_text(path):
    data = open(path, "rb").read()
    if data.startswith(b"BEGIN:VCALENDAR"):
        return data
    message = email.message_from_bytes(data, policy=email.policy.default)
    for part in message.walk():
        if part.get_content_type() == "text/calendar":
            return part.get_payload(decode=True)
    sys.exit("no text/calendar part in %s" % path)


def when(value):
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    return value.isoformat()


def main():
    calendar = icalendar.Calendar.from_ical(calendar_text(sys.argv[1]))
    events = []
    for event in calendar.walk("VEVENT"):
        recurrence = event.get("RECURRENCE-ID")
        events.append({
            "uid": str(event.get("UID")),
            "sequence": int(event.get("SEQUENCE", 0)),
            "status": str(event.get("STATUS", "")),
            "summary": str(event.get("SUMMARY", "")),
            "rrule": event.get("RRULE").to_ical().decode() if event.get("RRULE") else None,
            "recurrenceId": when(recurrence.dt) if recurrence else None,
            "attendees": sorted(str(a) for a in (event.get("ATTENDEE") if isinstance(event.get("ATTENDEE"), list) else [event.get("ATTENDEE")] if event.get("ATTENDEE") else [])),
        })
    instances = []
    for event in recurring_ical_events.of(calendar).between(datetime.date(1970, 1, 1), datetime.date(2200, 1, 1)):
        if str(event.get("STATUS", "")) == "CANCELLED":
            continue
        instances.append({
            "uid": str(event.get("UID")),
            "start": when(event.get("DTSTART").dt),
            "end": when(event.get("DTEND").dt) if event.get("DTEND") else None,
            "summary": str(event.get("SUMMARY", "")),
        })
    instances.sort(key=lambda i: (i["start"], i["uid"]))
    print(json.dumps({
        "method": str(calendar.get("METHOD", "")) or None,
        "events": events,
        "instances": instances,
        "timezones": [str(tz.get("TZID")) for tz in calendar.walk("VTIMEZONE")],
    }, sort_keys=True))


main()
