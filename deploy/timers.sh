#!/bin/sh
# The compose deployment's timers (systemd hosts use deploy/systemd/*.timer instead).
# Every hour: an audit checkpoint. On weekdays from 07:15: the reminders (statutory deadlines,
# then overdue actions on recommendations), once a day
# (`cspr send-reminders` is idempotent per person, item and day, so a restart that runs
# it twice sends nothing twice).
set -u
stamp=/var/lib/cspr/reminders-sent-on
while :; do
  cspr audit checkpoint || echo "cspr timers: audit checkpoint failed" >&2
  today=$(date +%F)
  if [ "$(date +%u)" -le 5 ] && [ "$(date +%H%M)" \> "0714" ] && [ "$(cat "$stamp" 2>/dev/null)" != "$today" ]; then
    cspr send-reminders --base-url "${CSPR_SITE_URL:-}" \
      && cspr learning send-reminders --base-url "${CSPR_SITE_URL:-}" \
      && echo "$today" > "$stamp"
    # Each case's similar reviews, stored ahead of the first page view (docs/operations.md).
    cspr learning similar-rebuild || echo "cspr timers: similar-rebuild failed" >&2
  fi
  sleep 3600
done
