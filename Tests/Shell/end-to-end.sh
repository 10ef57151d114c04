#!/usr/bin/env bash
# The life of a case through the built binary, as an operator would drive it:
#   SOJOURN=.build/debug/sojourn bash Tests/Shell/end-to-end.sh
# Fails (exit 1) at the first output that differs from what is expected.
set -euo pipefail
cd "$(dirname "$0")/../.."
SOJOURN=${SOJOURN:-.build/debug/sojourn}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SOJOURN_DB="$work/cases.db" SOJOURN_ACTOR="HR Ops <hr@example.com>" NO_COLOR=1
# The task-only fixture: this scenario tests the engine through the CLI; the programme's
# own plugins have their scenario in Tests/SojournCoreTests/ProgrammeScenarioTests.swift.
W=Tests/Fixtures/assignment-tasks.yaml


fail() { echo "end-to-end: $*" >&2; exit 1; }
expect() { # expect NAME EXPECTED ACTUAL
  if [ "$2" != "$3" ]; then
    printf 'end-to-end: %s differs\n--- expected\n%s\n--- actual\n%s\n' "$1" "$2" "$3" >&2
    exit 1
  fi
}
state_of() { # state_of CASE STEP -> the step's state in status --json
  "$SOJOURN" status "$1" --json | python3 -c "import json,sys; d=json.load(sys.stdin); print([s['state'] for p in d['phases'] for s in p['steps'] if s['id']=='$2'][0])"
}

# Open: a bad field refuses the case and stores nothing.
if "$SOJOURN" open "$W" --field employee="Ana Lima <ana@example.com>" --field home_country=FR --field host_country=UK \
     --field departure=2027-03-01 --field return=2028-09-01 --as-of 2026-11-23 2>"$work/err"; then fail "opened with a bad country"; fi
expect "bad field message" "error: field 'host_country': 'UK' is not an ISO 3166-1 code; did you mean 'GB' (United Kingdom)?" "$(cat "$work/err")"
expect "no case after a refused open" "no cases; open one with 'sojourn open WORKFLOW --field …'" "$("$SOJOURN" list)"
[ "$(stat -c %a "$SOJOURN_DB")" = 600 ] || fail "the database is not owner-only"

id=$("$SOJOURN" open "$W" --field employee="Ana Lima <ana@example.com>" --field home_country=FR --field host_country=NO \
     --field departure=2027-03-01 --field return=2028-09-01 --role mentor="Bo Berg <bo@example.com>" --role hr="HR Ops <hr@example.com>" --as-of 2026-11-23)
[[ "$id" =~ ^[0-9a-z]{6}$ ]] || fail "case id '$id' is not six characters"

# Before departure.
expect "advance to January" "$id
  2027-01-04  phase pre-departure started
  2027-01-04  eligibility started, due 2027-01-18
  2027-01-04  eligibility waiting: Mark the task done: Read the programme guide; Fill in the questionnaire
  2027-01-15  reminder for eligibility (due - 3d)
  2027-01-19  eligibility overdue (due 2027-01-18)
advanced 1 case to 2027-01-20: 1 changed, 5 events" "$("$SOJOURN" advance "$id" --as-of 2027-01-20)"
expect "advance again" "advanced 1 case to 2027-01-20: 0 changed, 0 events" "$("$SOJOURN" advance "$id" --as-of 2027-01-20)"
if "$SOJOURN" advance "$id" --as-of 2027-01-01 >/dev/null 2>"$work/err"; then fail "went back in time"; fi
expect "back in time" "error: $id: case $id is already at 2027-01-20; it cannot go back to 2027-01-01" "$(cat "$work/err")"

expect "agenda" "2027-01-18 overdue  $id Ana Lima  eligibility  employee Ana Lima <ana@example.com>  Mark the task done: Read the programme guide; Fill in the questionnaire" \
  "$("$SOJOURN" agenda --as-of 2027-01-20)"

# Input comes from the person who owes it; HR may record it for them, saying why.
if "$SOJOURN" record "$id" eligibility --set note=hi --as-of 2027-01-21 2>"$work/err"; then fail "HR recorded the employee's input as theirs"; fi
expect "someone else's input" "error: HR Ops <hr@example.com> may not record input for eligibility: only Ana Lima <ana@example.com> (employee) may; as an operator, record it for them with --on-behalf-of PERSON --reason TEXT" "$(cat "$work/err")"
if "$SOJOURN" record "$id" eligibility --set noet=hi --as-of 2027-01-21 --by ana@example.com 2>"$work/err"; then fail "recorded a bad key"; fi
expect "refused input" "--set noet:1:1: error: unknown key 'noet'; did you mean 'note'?" "$(cat "$work/err")"

expect "record" "2027-01-21  eligibility: input recorded (note: read)
2027-01-21  eligibility completed
2027-01-21  mentor-match started, due 2027-01-28
2027-01-21  mentor-match waiting: Mark the task done" "$("$SOJOURN" record "$id" eligibility --set note=read --as-of 2027-01-21 --by "Ana Lima <ana@example.com>")"
expect "eligibility state" completed "$(state_of "$id" eligibility)"
"$SOJOURN" record "$id" mentor-match --as-of 2027-02-10 >/dev/null
"$SOJOURN" record "$id" expectations --as-of 2027-02-10 --by bo@example.com >/dev/null
expect "on behalf" "2027-02-10  departure-goals: input recorded (for Ana Lima <ana@example.com>: she sent them by e-mail)" \
  "$("$SOJOURN" record "$id" departure-goals --as-of 2027-02-10 --on-behalf-of ana@example.com --reason "she sent them by e-mail" | head -1)"
expect "on behalf, in the history" "departure-goals: input recorded (for Ana Lima <ana@example.com>: she sent them by e-mail) — HR Ops <hr@example.com>" \
  "$("$SOJOURN" history "$id" | grep 'departure-goals: input' | sed -E 's/^[0-9]+ +[0-9-]+  //; s/  [0-9T:.Z-]+$//')"

# On assignment: sessions are recorded, postponed and skipped by number.
"$SOJOURN" advance "$id" --as-of 2027-03-01 >/dev/null
"$SOJOURN" record "$id" mentoring#1 --as-of 2027-03-01 --by "Bo Berg <bo@example.com>" >/dev/null
expect "postpone" "2027-03-02  mentoring#2 postponed from 2027-03-08 to 2027-03-10" \
  "$("$SOJOURN" record "$id" mentoring#2 --postpone 2027-03-10 --as-of 2027-03-02)"
expect "skip" "2027-03-10  mentoring#2 opened, due 2027-03-10
2027-03-10  mentoring#2 waiting: Mark the task done
2027-03-10  mentoring#2 skipped: mentor ill" "$("$SOJOURN" record "$id" mentoring#2 --skip --reason "mentor ill" --as-of 2027-03-10)"

# Drive the rest month by month, recording whatever waits, until the case completes.
month=2027-04-01
while [ "$("$SOJOURN" status "$id" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["state"])')" = open ]; do
  "$SOJOURN" advance "$id" --as-of "$month" >/dev/null
  # Each item is recorded by whoever owes it (HR, for a role nobody holds).
  while item=$("$SOJOURN" agenda --json | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d[0]["step"] + ("#%d" % d[0]["occurrence"] if d[0]["occurrence"] else "") + "|" + (d[0]["ownerPerson"] or "hr@example.com") if d else "")'); [ -n "$item" ]; do
    "$SOJOURN" record "$id" "${item%%|*}" --as-of "$month" --by "${item#*|}" >/dev/null
  done
  month=$(python3 -c "import datetime; d=datetime.date.fromisoformat('$month'); print((d.replace(day=1)+datetime.timedelta(days=32)).replace(day=1))")
  [[ "$month" < 2030-01-01 ]] || fail "the case did not complete"
done
expect "completed" "2029-01-01  case completed" "$("$SOJOURN" history "$id" | tail -1 | sed -E 's/^[0-9]+ +//; s/  [0-9T:.Z-]+$//')"
expect "list" "$id  Ana Lima              international-assignment v1  completed  as of 2029-01-01" "$("$SOJOURN" list)"
"$SOJOURN" history "$id" --json | python3 -c '
import json, sys
events = json.load(sys.stdin)
assert [e["sequence"] for e in events] == list(range(1, len(events) + 1)), "sequence numbers"
kinds = [e["kind"] for e in events]
assert kinds.count("occurrence-completed") == 43 + 5 + 4 + 6 - 1, kinds.count("occurrence-completed")
assert kinds.count("occurrence-skipped") == 1 and kinds[-1] == "case-completed"
assert all(e["recordedAt"].endswith("Z") for e in events)
'
echo "end-to-end: ok ($id)"
