#!/usr/bin/env bash
# Checks the rosters of a pull request (or any commit) with padan, for a CI job:
#   1. padan validate: per roster, how many rows were read and rejected, and the first problems,
#      for the job log (stops here, exit 2, when the config or a roster cannot be read);
#   2. padan reconcile: the same row checks plus duplicates, missing and out-of-sync records across
#      the rosters, with the accepted findings of padan.baseline.json applied. This step decides.
# Findings come out as GitHub annotations (PADAN_FORMAT=github, the default) or plain text, and as
# JUnit XML (GitLab, Jenkins). Exit 0 clean, 1 findings that fail the check, 2 bad config or input.
#
# The GitHub Actions workflow in docs/github-actions/padan-rosters.yml runs this script; it runs
# the same on a laptop: PADAN_FORMAT=text bash padan-check.sh
#
# Settings (environment):
#   PADAN                  command that runs padan (default: padan), e.g. "node tools/padan/bin/padan.js"
#   PADAN_CONFIG           the roster config (default: padan.config.json)
#   PADAN_OUT              report folder, uploaded as the job's artifact (default: padan-report)
#   PADAN_FAIL_ON          finding kinds that fail the check (default: duplicate,invalid)
#   PADAN_FORMAT           github | text (default: github)
#   PADAN_FINGERPRINT_KEY  the key padan.baseline.json was made with (a CI secret); without it no
#                          acceptance applies and the run says so
set -uo pipefail

read -r -a padan <<< "${PADAN:-padan}"
config=${PADAN_CONFIG:-padan.config.json}
out=${PADAN_OUT:-padan-report}
fail_on=${PADAN_FAIL_ON:-duplicate,invalid}
format=${PADAN_FORMAT:-github}

# A pull request has no run history worth keeping: a throwaway state folder, outside the report
# (and so outside the uploaded artifact).
state=$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/padan-state.XXXXXX")
trap 'rm -rf "$state"' EXIT
mkdir -p "$out"

# Plain text: annotations come from reconcile only, so none is spent twice (GitHub shows 10 per level).
validate_status=0
"${padan[@]}" validate "$config" --format text --out "$out/validate" || validate_status=$?
# 2 = the config or a roster cannot be read: reconciling it would only repeat that.
if [ "$validate_status" -ge 2 ]; then exit "$validate_status"; fi

# Exit 1 here only for findings of a PADAN_FAIL_ON kind that no acceptance covers.
"${padan[@]}" reconcile "$config" --out "$out" --state "$state" --fail-on "$fail_on" \
  --format "$format" --junit "$out/junit.xml"
