#!/bin/sh
# Runs once, when the postgres container initialises an empty data volume
# (docker-entrypoint-initdb.d). Creates one role and database for the app and one role
# owning the two databases Temporal needs, each with its own password from the environment.
# UTF-8 with the C.UTF-8 locale: under plain `C`, pg_trgm extracts no trigrams from Chinese text.
# No `set -u` here: a non-executable copy of this file would be sourced into the entrypoint.
: "${QINGLING_DB_PASSWORD:?QINGLING_DB_PASSWORD must be set}"
: "${TEMPORAL_DB_PASSWORD:?TEMPORAL_DB_PASSWORD must be set}"

psql --no-psqlrc -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v qingling_password="$QINGLING_DB_PASSWORD" \
  -v temporal_password="$TEMPORAL_DB_PASSWORD" <<'SQL'
CREATE ROLE qingling LOGIN PASSWORD :'qingling_password';
CREATE DATABASE qingling OWNER qingling TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8';

CREATE ROLE temporal LOGIN PASSWORD :'temporal_password';
CREATE DATABASE temporal OWNER temporal TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8';
CREATE DATABASE temporal_visibility OWNER temporal TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8';

-- Neither role may connect to the other's databases.
REVOKE CONNECT ON DATABASE qingling FROM PUBLIC;
REVOKE CONNECT ON DATABASE temporal FROM PUBLIC;
REVOKE CONNECT ON DATABASE temporal_visibility FROM PUBLIC;

-- Created here by the superuser, so the app's migrations need no extension privileges
-- (their CREATE EXTENSION IF NOT EXISTS becomes a no-op).
\connect qingling
CREATE EXTENSION IF NOT EXISTS pg_trgm;
SQL
