"""Recomputes `sojourn report`'s figures from a case database's events alone, following
Docs/kpis.md, and compares them with the report's JSON.

    python3 recompute_kpis.py DATABASE REPORT.json

Reads the events table (and, for the date each case has reached, the case and store
dates the engine keeps). Shares none of sojourn's code. Prints one line per figure that
differs and exits 1 when any does; else prints how many figures it checked.
"""
import json
import math
import re
import sqlite3
import sys
from collections import defaultdict
from datetime import date, timedelta

EPOCH = date(1970, 1, 1)


def steps_of(source):
    """Each step's id, plugin and `role:` setting, in order, read off the workflow's lines:
    a step is a `- id:` line followed by its `uses:` line, its settings after (enough for
    the bundled workflows, without a YAML library)."""
    steps, current, last = [], None, None
    for line in source.splitlines():
        found = re.match(r"\s*- id: *([\w-]+)", line)
        if found:
            current = found.group(1)
            continue
        found = re.match(r"\s*uses: *([\w-]+)", line)
        if found and current:
            last = dict(id=current, uses=found.group(1), role=None)
            steps.append(last)
            current = None
            continue
        found = re.match(r"\s*role: *([\w-]+)\s*$", line)
        if found and last and last["role"] is None:
            last["role"] = found.group(1)
    return steps


def day(number):
    return EPOCH + timedelta(days=number)


def as_date(value):
    if isinstance(value, dict) and "$date" in value:
        return date.fromisoformat(value["$date"])
    return None


def add_months(d, months):
    month = d.month - 1 + months
    year = d.year + month // 12
    month = month % 12 + 1
    last = [31, 29 if (year % 4 == 0 and year % 100 != 0) or year % 400 == 0 else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    return date(year, month, min(d.day, last))


def median(values):
    values = sorted(values)
    if not values:
        return None
    middle = len(values) // 2
    return values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2


def p90(values):
    values = sorted(values)
    if not values:
        return None
    return values[math.ceil(0.9 * len(values)) - 1]


def pct(numerator, denominator):
    return None if denominator == 0 else numerator * 100 / denominator


def rounded(value):
    if value is None:
        return None
    return math.floor(abs(value) * 10 + 0.5) / 10 * (1 if value >= 0 else -1)


def main(path, report_path):
    db = sqlite3.connect(path)
    report = json.load(open(report_path))
    programme = report["programmes"][0]
    figures = programme["figures"]
    minimum = report["options"]["minimumRespondents"]

    advanced_to = db.execute("SELECT value FROM meta WHERE key = 'advanced_to'").fetchone()
    advanced_to = day(int(advanced_to[0])) if advanced_to else None
    workflows = {}
    for hash_, source in db.execute("SELECT hash, source FROM workflows"):
        workflows[hash_] = steps_of(source)

    cases = []
    for case_id, workflow_hash, state, as_of in db.execute("SELECT id, workflow_hash, state, as_of FROM cases ORDER BY id"):
        moments = [m for (m,) in db.execute(
            "SELECT next_moment FROM steps WHERE case_id = ? AND next_moment IS NOT NULL UNION ALL "
            "SELECT next_moment FROM phases WHERE case_id = ? AND next_moment IS NOT NULL", (case_id, case_id))]
        reached = day(as_of)
        if state == "open" and advanced_to:
            limit = min(advanced_to, day(min(moments)) - timedelta(days=1)) if moments else advanced_to
            reached = max(reached, limit)
        events = [
            dict(kind=k, date=day(d), step=s, occurrence=o, data=json.loads(data))
            for k, d, s, o, data in db.execute(
                "SELECT kind, on_date, step, occurrence, data FROM events WHERE case_id = ? ORDER BY sequence", (case_id,))
        ]
        cases.append(dict(id=case_id, state=state, reached=reached, steps=workflows[workflow_hash], events=events))

    checked = 0
    differences = []

    def check(name, expected, actual):
        nonlocal checked
        checked += 1
        if isinstance(expected, float) or isinstance(actual, float):
            same = (expected is None and actual is None) or (
                expected is not None and actual is not None and abs(rounded(expected) - actual) < 1e-9)
        else:
            same = expected == actual
        if not same:
            differences.append(f"{name}: recomputed {expected!r}, report says {actual!r}")

    def ratio(name, numerator, denominator, reported):
        check(name + " numerator", numerator, reported["numerator"])
        check(name + " denominator", denominator, reported["denominator"])
        check(name + " percent", pct(numerator, denominator) if denominator else None, reported["percent"])

    # Facts per case, straight from the events.
    facts = []
    for case in cases:
        uses = {step["id"]: step["uses"] for step in case["steps"]}
        matches = [step for step in case["steps"] if step["uses"] == "mentor-match"]
        first_match = matches[0] if matches else None
        fields = {}
        stopped = {}
        held_since = None
        holds = []
        f = dict(case=case, eligible=None, left=None, confirmed=None, promoted=None, started={}, bound={}, holder={},
                 released=set(), assigned=False, sessions=defaultdict(dict), minutes={}, owed={}, ratings=defaultdict(list),
                 postponed=defaultdict(lambda: defaultdict(int)), answers=defaultdict(lambda: defaultdict(list)),
                 averaged=defaultdict(set), invitations=defaultdict(dict), completed={}, decisions=[])

        def drop(step, number):
            session = f["sessions"][step].get(number)
            if session and session["outcome"] == "open":
                session["outcome"] = "dropped"
            invitation = f["invitations"][step].get(number)
            if invitation and invitation["answered"] is None:
                invitation["dropped"] = True

        for e in case["events"]:
            step, data, kind = e["step"], e["data"], e["kind"]
            outputs = data.get("outputs") or {}
            use = uses.get(step)
            if kind == "case-opened":
                fields.update(data["fields"])
            elif kind == "case-amended":
                fields.update(data.get("after", {}))
            elif kind in ("case-ended", "case-completed", "case-cancelled"):
                for s_, u in uses.items():
                    if u in ("meeting", "survey"):
                        stopped.setdefault(s_, e["date"])
                if kind == "case-ended" and data.get("reason") == "left-company":
                    f["left"] = min(filter(None, [f["left"], e["date"]]))
            elif kind == "case-held":
                held_since = e["date"]
            elif kind == "case-resumed":
                if held_since and held_since < e["date"]:
                    holds.append((held_since, e["date"] - timedelta(days=1)))
                held_since = None
                since, days = as_date(data["since"]), int(data["days"])
                for s_ in (data.get("moved") or []):
                    for session in f["sessions"][s_].values():
                        if session["outcome"] == "open" and session["due"] >= since:
                            session["due"] += timedelta(days=days)
                    for invitation in f["invitations"][s_].values():
                        if invitation["answered"] is None and invitation.get("due") and invitation["due"] >= since:
                            invitation["due"] += timedelta(days=days)
                for withdrawn in (data.get("withdrawn") or []):
                    s_, number = withdrawn.split("#")
                    drop(s_, int(number))
            elif kind == "step-started":
                f["started"].setdefault(step, e["date"])
                if use == "survey" and "occurrences" not in data:
                    f["invitations"][step][None] = dict(due=as_date(data.get("due")) or e["date"], answered=None, dropped=False)
            elif kind == "role-bound":
                if step in uses and uses[step] == "mentor-match":
                    if step not in f["bound"]:
                        f["bound"][step] = e["date"]
                        f["holder"][step] = (data.get("role"), data.get("person"))
                elif step is None and first_match and first_match["role"] == data.get("role"):
                    f["assigned"] = True
            elif kind == "role-released":
                for match, holder in f["holder"].items():
                    if holder == (data.get("role"), data.get("person")):
                        f["released"].add(match)
            elif kind == "step-skipped":
                if use in ("meeting", "survey"):
                    stopped.setdefault(step, e["date"])
            elif kind == "due-postponed":
                invitation = f["invitations"][step].get(None)
                if use == "survey" and invitation and invitation["answered"] is None:
                    invitation["due"] = as_date(data["to"])
            elif kind == "step-rescheduled":
                for number in (data.get("withdrawn") or []):
                    drop(step, int(number))
            elif kind == "step-completed":
                f["completed"][step] = outputs
                if use == "questionnaire" and f["eligible"] is None and isinstance(outputs.get("eligible"), bool):
                    f["eligible"] = outputs["eligible"]
                if use == "mentor-match" and step not in f["bound"] and outputs.get("matched") is not None:
                    f["bound"][step] = e["date"]
                    f["holder"][step] = (None, outputs.get("matched"))
                if use == "meeting":
                    stopped.setdefault(step, e["date"])
                if use == "recognition" and isinstance(outputs.get("decision"), str):
                    f["decisions"].append(outputs["decision"])
                if use == "outcome":
                    on = f["started"].get(step, e["date"])
                    if outputs.get("still_employed") is False:
                        f["left"] = min(filter(None, [f["left"], on]))
                    if outputs.get("still_employed") is True:
                        f["confirmed"] = max(filter(None, [f["confirmed"], on]))
                    if outputs.get("promoted") is True:
                        f["promoted"] = min(filter(None, [f["promoted"], on]))
                if use == "survey":
                    f["averaged"][step].update(k[4:] for k in outputs if k.startswith("avg_"))
                    invitation = f["invitations"][step].get(None)
                    if invitation and invitation["answered"] is None:
                        invitation["answered"] = e["date"]
                    stopped.setdefault(step, e["date"])
            elif kind == "input-recorded":
                given = data.get("input") or {}
                if use == "survey":
                    for question, answer in given.items():
                        if isinstance(answer, (int, float)) and not isinstance(answer, bool):
                            f["answers"][step][question].append(answer)
                if use == "meeting" and isinstance(given.get("rating"), (int, float)) and e["occurrence"] in f["sessions"][step]:
                    f["sessions"][step][e["occurrence"]]["ratings"].append(given["rating"])
            elif kind == "occurrence-opened":
                due = as_date(data.get("due"))
                if use == "meeting":
                    if e["occurrence"] in f["sessions"][step]:
                        f["sessions"][step][e["occurrence"]]["due"] = due
                    else:
                        f["sessions"][step][e["occurrence"]] = dict(outcome="open", due=due, ratings=[])
                if use == "survey":
                    invitation = f["invitations"][step].setdefault(e["occurrence"], dict(answered=None, dropped=False))
                    invitation["due"] = due
            elif kind == "occurrence-postponed":
                if use == "meeting":
                    f["postponed"][step][e["occurrence"]] += 1
                    session = f["sessions"][step].get(e["occurrence"])
                    if session:
                        session["due"] += as_date(data["to"]) - as_date(data["from"])
            elif kind in ("occurrence-completed", "occurrence-missed"):
                if use == "meeting" and e["occurrence"] in f["sessions"][step]:
                    session = f["sessions"][step][e["occurrence"]]
                    total = outputs.get("minutes", f["minutes"].get(step, 0))
                    if kind == "occurrence-completed":
                        session["outcome"] = "held"
                        session["held_on"] = as_date(outputs.get("last_held")) or e["date"]
                        session["minutes"] = max(0, total - f["minutes"].get(step, 0))
                    else:
                        session["outcome"] = "missed"
                    f["minutes"][step] = total
                    f["owed"][step] = outputs.get("owed_minutes") or 0
                if use == "survey":
                    f["averaged"][step].update(k[4:] for k in outputs if k.startswith("avg_"))
                    if kind == "occurrence-completed" and e["occurrence"] in f["invitations"][step]:
                        f["invitations"][step][e["occurrence"]]["answered"] = e["date"]
            elif kind == "occurrence-skipped":
                drop(step, e["occurrence"])
        # What was open when its step or the case stopped, due after that, was withdrawn.
        for step, stop in stopped.items():
            for session in f["sessions"][step].values():
                if session["outcome"] == "open" and session["due"] > stop:
                    session["outcome"] = "dropped"
            for invitation in f["invitations"][step].values():
                if invitation["answered"] is None and (invitation.get("due") is None or invitation["due"] > stop):
                    invitation["dropped"] = True
        if held_since and case["state"] == "open":
            case["reached"] = min(case["reached"], held_since)
            holds.append((held_since, date.max))
        f["holds"] = holds
        f["stopped"] = stopped
        f["departure"] = as_date(fields.get("departure"))
        f["return"] = as_date(fields.get("return"))
        f["participant"] = bool(first_match) and (first_match["id"] in f["bound"] or f["assigned"])
        facts.append(f)

    counted = [f for f in facts if f["case"]["state"] != "cancelled"]
    check("cases total", len(facts), figures["cases"]["total"])
    for state in ("open", "completed", "ended", "cancelled"):
        check("cases " + state, sum(1 for f in facts if f["case"]["state"] == state), figures["cases"][state])

    answered = [f for f in counted if f["eligible"] is not None]
    eligible = [f for f in answered if f["eligible"]]
    ratio("eligible", len(eligible), len(answered), figures["participation"]["eligible"])
    ratio("participating", sum(1 for f in eligible if f["participant"]), len(eligible), figures["participation"]["participating"])
    check("not eligible", len(answered) - len(eligible), figures["participation"]["notEligible"])
    check("not matched", sum(1 for f in counted if f["eligible"] is not False and not f["participant"]), figures["participation"]["notMatched"])

    steps = counted[0]["case"]["steps"]
    for reported in figures["matching"]:
        step = reported["step"]
        started = [f for f in counted if step in f["started"]]
        bound = [f for f in started if step in f["bound"]]
        ratio(step + " matched", len(bound), len(started), reported["matched"])
        days = [(f["bound"][step] - f["started"][step]).days for f in bound]
        check(step + " days n", len(days), reported["daysToMatch"]["n"])
        check(step + " days median", median(days) if days else None, reported["daysToMatch"]["median"])
        check(step + " days p90", p90(days) if days else None, reported["daysToMatch"]["p90"])
        ratio(step + " stayed", sum(1 for f in bound if step not in f["released"]), len(bound), reported["stayed"])
    check("matching steps", [st["id"] for st in steps if st["uses"] == "mentor-match"], [r["step"] for r in figures["matching"]])

    for reported in figures["sessions"]:
        step = reported["step"]
        pairs = [f for f in counted if step in f["started"]]
        due = held = missed = on_time = 0
        minutes = 0
        postponements = sum(sum(f["postponed"][step].values()) for f in pairs)
        postponed = sum(len(f["postponed"][step]) for f in pairs)
        running = active = 0
        for f in pairs:
            reached = f["case"]["reached"]
            for session in f["sessions"][step].values():
                if session["outcome"] == "held":
                    due += 1
                    held += 1
                    minutes += session["minutes"]
                    on_time += session["held_on"] <= session["due"]
                elif session["outcome"] == "missed":
                    due += 1
                    missed += 1
                elif session["outcome"] == "open" and session["due"] < reached:
                    due += 1
            finished = f["stopped"].get(step)
            on_hold = any(start <= reached <= end for start, end in f["holds"])
            if f["started"][step] <= reached - timedelta(days=28) and not (finished and finished <= reached) and not on_hold:
                running += 1
                window = (reached - timedelta(days=27), reached)
                active += any(s["outcome"] == "held" and window[0] <= s["held_on"] <= window[1] for s in f["sessions"][step].values())
        check(step + " pairs", len(pairs), reported["pairs"])
        check(step + " due", due, reported["due"])
        check(step + " held", held, reported["held"])
        check(step + " missed", missed, reported["missed"])
        ratio(step + " adherence", on_time, due, reported["adherence"])
        check(step + " postponements", postponements, reported["postponements"])
        check(step + " postponed sessions", postponed, reported["postponedSessions"])
        check(step + " hours", minutes / 60, reported["hours"])
        owing = [f["owed"].get(step, 0) for f in pairs if f["owed"].get(step, 0) > 0]
        check(step + " make-up owed", float(sum(owing)), reported["makeUpOwedMinutes"])
        check(step + " cases owing", len(owing), reported["casesOwing"])
        ratio(step + " active pairs", active, running, reported["activePairs"])
        ratings = [r for f in pairs for session in f["sessions"][step].values() for r in session["ratings"]]
        respondents = sum(1 for f in pairs if any(session["ratings"] for session in f["sessions"][step].values()))
        withheld = 0 < respondents < minimum
        check(step + " ratings n", len(ratings), reported["rating"]["n"])
        check(step + " ratings respondents", respondents, reported["rating"]["respondents"])
        check(step + " ratings withheld", withheld, reported["rating"]["withheld"])
        check(step + " ratings mean", None if withheld or not ratings else sum(ratings) / len(ratings), reported["rating"]["mean"])
    check("meeting steps", [st["id"] for st in steps if st["uses"] == "meeting" and any(st["id"] in f["started"] for f in counted)], [r["step"] for r in figures["sessions"]])

    for reported in figures["surveys"]:
        step = reported["step"]
        invited = responded = 0
        for f in counted:
            for invitation in f["invitations"][step].values():
                if invitation["answered"] is not None:
                    invited += 1
                    responded += 1
                elif not invitation["dropped"] and invitation.get("due") and invitation["due"] < f["case"]["reached"]:
                    invited += 1
        ratio(step + " response", responded, invited, reported["response"])
        averaged = set().union(*(f["averaged"][step] for f in counted))
        questions = sorted({q for f in counted for q in f["answers"][step] if q in averaged})
        check(step + " questions", questions, [q["name"] for q in reported["questions"]])
        for question, given in zip(questions, reported["questions"]):
            values = [v for f in counted for v in f["answers"][step][question]]
            respondents = sum(1 for f in counted if f["answers"][step][question])
            withheld = 0 < respondents < minimum
            check(f"{step} {question} n", len(values), given["answers"]["n"])
            check(f"{step} {question} respondents", respondents, given["answers"]["respondents"])
            check(f"{step} {question} mean", None if withheld or not values else sum(values) / len(values), given["answers"]["mean"])

    for reported in figures["goals"]:
        step = reported["step"]
        done = [f["completed"][step] for f in counted if step in f["completed"] and (f["completed"][step].get("set") or 0) > 0]
        check(step + " cases", len(done), reported["cases"])
        ratio(step + " met", sum(d.get("met", 0) for d in done), sum(d["set"] for d in done), reported["met"])
        check(step + " closed", sum(d.get("closed", 0) for d in done), reported["closed"])
        check(step + " overdue", sum(d.get("overdue", 0) for d in done), reported["overdue"])

    for reported in figures["milestones"]:
        step = reported["step"]
        done = [f["completed"][step] for f in counted if step in f["completed"] and (f["completed"][step].get("total") or 0) > 0]
        total = sum(d["total"] for d in done)
        met = sum(d.get("met", 0) for d in done)
        late = sum(d.get("late", 0) for d in done)
        ratio(step + " on time", met - late, total, reported["onTime"])
        check(step + " late", late, reported["late"])
        check(step + " missed", total - met, reported["missed"])

    for reported in figures["knowledgeSharing"]:
        step = reported["step"]
        started = [f for f in counted if step in f["started"]]
        held = [f["completed"][step] for f in started if step in f["completed"] and as_date(f["completed"][step].get("held_on"))]
        ratio(step + " held", len(held), len(started), reported["held"])
        attendance = sum(h.get("attendance", 0) for h in held)
        check(step + " attendance", float(attendance), reported["attendance"])
        check(step + " mean attendance", attendance / len(held) if held else None, reported["meanAttendance"])

    decisions = defaultdict(int)
    for f in counted:
        for decision in f["decisions"]:
            decisions[decision] += 1
    check("recognition", dict(decisions), figures["recognition"])

    # Retention and promotion: a life table over 6, 12 and 24 months after return.
    programme_date = max(f["case"]["reached"] for f in facts)

    def known_until(f):
        if f["left"]:
            return max(programme_date, f["case"]["reached"])
        return max(filter(None, [f["case"]["reached"], f["confirmed"]]))

    def status(f, months):
        if months == 0:
            return True
        horizon = add_months(f["return"], months)
        if horizon > known_until(f):
            return None
        return not (f["left"] and f["left"] <= horizon)

    returned = [f for f in counted if f["return"] and f["return"] <= known_until(f) and (f["left"] is None or f["left"] >= f["return"])]
    check("left during the assignment", sum(1 for f in counted if f["left"] and f["return"] and f["left"] < f["return"]), figures["outcomes"]["leftDuringAssignment"])
    series = {}
    for name, group in (("participants", [f for f in returned if f["participant"]]), ("nonParticipants", [f for f in returned if not f["participant"]])):
        reported = figures["outcomes"][name]
        check(name + " returned", len(group), reported["returned"])
        product, previous, values = 1.0, 0, []
        for horizon, given in zip((6, 12, 24), reported["horizons"]):
            at_risk = [status(f, horizon) for f in group if status(f, previous) is True and status(f, horizon) is not None]
            ratio(f"{name} interval to {horizon}", sum(at_risk), len(at_risk), given["interval"])
            product = None if product is None or not at_risk else product * sum(at_risk) / len(at_risk)
            check(f"{name} retained {horizon}", None if product is None else product * 100, given["retained"])
            values.append(given["retained"])
            known = [f for f in group if status(f, horizon) is True]
            promoted = [f for f in known if f["promoted"] and f["promoted"] <= add_months(f["return"], horizon)]
            ratio(f"{name} promoted {horizon}", len(promoted), len(known), given["promoted"])
            previous = horizon
        series[name] = values
        shown = [v for v in values if v is not None]
        if any(later > earlier for earlier, later in zip(shown, shown[1:])):
            differences.append(f"{name}: retention rises with the horizon: {values}")

    # The first meeting step's trend, month by month.
    trend = programme["trends"][0] if programme["trends"] else None
    if trend:
        step = trend["step"]
        for point in trend["points"]:
            start, end = date.fromisoformat(point["start"]), date.fromisoformat(point["end"])
            due = on_time = held = 0
            for f in counted:
                for session in f["sessions"][step].values():
                    if start <= session["due"] <= end and (session["outcome"] in ("held", "missed") or (session["outcome"] == "open" and session["due"] < f["case"]["reached"])):
                        due += 1
                        on_time += session["outcome"] == "held" and session["held_on"] <= session["due"]
                    if session["outcome"] == "held" and start <= session["held_on"] <= end:
                        held += 1
            ratio(f"trend {point['period']} adherence", on_time, due, point["adherence"])
            check(f"trend {point['period']} held", held, point["held"])

    for line in differences:
        print(line)
    print(f"{checked} figures checked, {len(differences)} differ")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
