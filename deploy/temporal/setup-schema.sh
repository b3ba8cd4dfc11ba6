#!/bin/sh
# One-shot job (temporalio/admin-tools): brings Temporal's two PostgreSQL databases to the
# schema version of this server release. Safe to rerun: setup-schema skips a database that is
# already versioned, update-schema applies only the missing versions. The databases themselves
# are created by deploy/postgres/initdb (so the temporal role needs no CREATEDB).
# Environment: SQL_HOST, SQL_PORT, SQL_USER, SQL_PASSWORD (read by temporal-sql-tool itself).
set -eu

schema_dir=/etc/temporal/schema/postgresql/v12

sql_tool() {
  temporal-sql-tool --plugin postgres12 --ep "$SQL_HOST" -p "$SQL_PORT" -u "$SQL_USER" "$@"
}

attempt=1
until nc -z "$SQL_HOST" "$SQL_PORT"; do
  if [ "$attempt" -ge 30 ]; then
    echo "PostgreSQL at $SQL_HOST:$SQL_PORT did not answer" >&2
    exit 1
  fi
  attempt=$((attempt + 1))
  sleep 2
done

for pair in temporal:temporal temporal_visibility:visibility; do
  database=${pair%%:*}
  schema=${pair#*:}
  echo "Temporal schema: $database"
  sql_tool --db "$database" setup-schema -v 0.0
  sql_tool --db "$database" update-schema -d "$schema_dir/$schema/versioned"
done
echo "Temporal schema is up to date"
