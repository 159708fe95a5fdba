#!/usr/bin/env bash
# Benchmark of db backup (issue 9 item 6) on a database with the full seed, through the app's own command line:
#   1. `Crm.Web db backup` RUNS times on a copy of the database (time, the copy's share of it, size);
#   2. for comparison, the same copy by sqlite3's backup API (.backup) and by VACUUM INTO (when sqlite3 is installed);
#   3. the round trip under load: users write through the app's mediator while `Crm.Web db backup` runs in its own
#      process; writes/s before, during and after, and the writes acknowledged before the backup that it lacks (must be 0).
# Usage: bench/backup.sh FULL_SEED_DB [RUNS]   (make one with: CRM_DB=/tmp/bench/crm.db ./crm db seed --size full)
set -euo pipefail
cd "$(dirname "$0")/.."
source_db="${1:?usage: bench/backup.sh FULL_SEED_DB [RUNS]}"
runs="${2:-3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
./crm db migrate --db "$work/warm-up.db" --lang en >/dev/null   # builds and publishes the app once
app="$PWD/.crm/app/Crm.Web"
cp "$source_db" "$work/crm.db"
"$app" db migrate --db "$work/crm.db" --lang en >/dev/null

echo "## db backup ($(du -m "$work/crm.db" | cut -f1) MB, $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg))"
for i in $(seq "$runs"); do
  start=$(date +%s.%N)
  line=$("$app" db backup "$work/backup.db" --db "$work/crm.db" --lang en | head -2 | tr '\n' ' ')
  end=$(date +%s.%N)
  printf 'run %d: whole command %.1f s: %s\n' "$i" "$(awk -v a="$start" -v b="$end" 'BEGIN {print b - a}')" "$line"
  rm -f "$work/backup.db"
done

if command -v sqlite3 >/dev/null; then
  echo "## for comparison, sqlite3 $(sqlite3 --version | cut -d' ' -f1)"
  for i in $(seq "$runs"); do
    s=$(date +%s.%N); sqlite3 "$work/crm.db" ".backup '$work/api.db'"; m=$(date +%s.%N)
    sqlite3 "$work/crm.db" "VACUUM INTO '$work/vacuum.db'"; e=$(date +%s.%N)
    q=$(date +%s.%N); sqlite3 "$work/api.db" "PRAGMA integrity_check" >/dev/null; r=$(date +%s.%N)
    printf 'run %d: backup API %.2f s (%d MB)  VACUUM INTO %.2f s (%d MB)  integrity_check of the copy %.2f s\n' "$i" \
      "$(awk -v a="$s" -v b="$m" 'BEGIN {print b - a}')" "$(du -m "$work/api.db" | cut -f1)" \
      "$(awk -v a="$m" -v b="$e" 'BEGIN {print b - a}')" "$(du -m "$work/vacuum.db" | cut -f1)" \
      "$(awk -v a="$q" -v b="$r" 'BEGIN {print b - a}')"
    rm -f "$work/api.db" "$work/vacuum.db"
  done
fi

echo "## round trip under load"
dotnet run -c Release --project bench/Crm.Web.Bench -- --backup-under-load --db "$work/crm.db" --app "$app" --runs "$runs"
