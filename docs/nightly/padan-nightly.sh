#!/usr/bin/env bash
# The nightly reconciliation: reports in a dated folder, the run history in the state folder (new,
# still open and resolved findings since the previous night), a "latest" link for the morning, and
# old report folders removed (they hold personal data). Run by padan-nightly.service (systemd timer)
# or by the cron line in padan-nightly.cron.
#
# Settings (environment):
#   PADAN                   command that runs padan (default: padan)
#   PADAN_CONFIG            the roster config (required)
#   PADAN_REPORTS           where the dated report folders go (default: /var/lib/padan/reports)
#   PADAN_STATE             run history and fingerprint key (default: /var/lib/padan/state)
#   PADAN_KEEP_RUNS         runs the history keeps (default: 30)
#   PADAN_KEEP_REPORT_DAYS  days a report folder is kept (default: 30)
#   PADAN_FAIL_ON           finding kinds that make the run fail, e.g. duplicate (default: none);
#                           systemd then marks the unit failed and OnFailure= can alert someone
#   PADAN_DAY               the report folder's name (default: today, YYYY-MM-DD); set it to re-run a
#                           missed night under its own date
# Exit status: padan's (0 ran, 1 findings of a PADAN_FAIL_ON kind, 2 config or input unreadable).
set -uo pipefail
umask 077

read -r -a padan <<< "${PADAN:-padan}"
config=${PADAN_CONFIG:?set PADAN_CONFIG to the padan.config.json to reconcile}
reports=${PADAN_REPORTS:-/var/lib/padan/reports}
state=${PADAN_STATE:-/var/lib/padan/state}
keep_runs=${PADAN_KEEP_RUNS:-30}
keep_days=${PADAN_KEEP_REPORT_DAYS:-30}
fail_on=${PADAN_FAIL_ON:-none}
day=${PADAN_DAY:-$(date +%F)}

mkdir -p "$reports"
status=0
"${padan[@]}" reconcile "$config" --out "$reports/$day" --state "$state" --keep-runs "$keep_runs" \
  --fail-on "$fail_on" || status=$?

# Point "latest" at tonight's reports once they exist (a run that could not read its input wrote none).
if [ -f "$reports/$day/summary.json" ]; then
  ln -sfn "$day" "$reports/latest"
fi

# Report folders are personal data: keep them only as long as needed.
find "$reports" -mindepth 1 -maxdepth 1 -type d -name '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' \
  -mtime +"$keep_days" -exec rm -rf {} +

exit "$status"
