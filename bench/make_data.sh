#!/usr/bin/env bash
# Builds the demo data sets the benchmarks read, from empty, timing `masthead demo --articles N`.
#
#   bench/make_data.sh                 # SQLite: /tmp/bench-1k (1,000 articles), /tmp/bench-100k (100,000)
#   BENCH_PG=1 bench/make_data.sh      # also PostgreSQL: database bulkbench, media in /tmp/bench-pg-100k
#
# The PostgreSQL run drops and re-creates the database named in BENCH_PG_DB (default bulkbench) on
# BENCH_PG_HOST (default 127.0.0.1, user postgres, trust auth). Timings go to stderr and are
# collected in /tmp/bench-make-data.log.
set -euo pipefail
cd "$(dirname "$0")/.."
MASTHEAD=.venv/bin/masthead
LOG=/tmp/bench-make-data.log
: >"$LOG"

build() { # data-dir articles [DATABASE_URL]
    local dir=$1 articles=$2 url=${3:-}
    rm -rf "$dir"
    export MASTHEAD_DATA_DIR=$dir
    if [ -n "$url" ]; then export DATABASE_URL=$url; else unset DATABASE_URL; fi
    $MASTHEAD migrate -v0
    echo "== $articles articles, ${url:-sqlite} in $dir (load average $(cut -d' ' -f1 /proc/loadavg))" | tee -a "$LOG"
    # The demo command's progress bars go to stderr; the time line is the last thing it prints.
    /usr/bin/time -f "demo --articles $articles: %e s wall, %U s user, %S s system" \
        $MASTHEAD demo --articles "$articles" 2> >(tr '\r' '\n' | grep -E "100%|wall" | tail -n 3 | tee -a "$LOG" >&2)
    $MASTHEAD collectstatic --noinput -v0
}

build /tmp/bench-1k 1000
build /tmp/bench-100k 100000

if [ "${BENCH_PG:-}" = 1 ]; then
    host=${BENCH_PG_HOST:-127.0.0.1}
    db=${BENCH_PG_DB:-bulkbench}
    psql -h "$host" -U postgres -q -c "drop database if exists $db" -c "create database $db"
    build /tmp/bench-pg-100k 100000 "postgres://postgres@$host:5432/$db"
fi
