#!/bin/sh
# One-shot job (temporalio/admin-tools): waits until the Temporal cluster serves, then creates
# the app's namespace unless it exists. The plain temporalio/server image, unlike the retired
# auto-setup image, creates no namespace by itself.
# Environment: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE (both read by the temporal CLI itself),
# TEMPORAL_NAMESPACE_RETENTION (how long closed workflow histories are kept, a duration such as 720h).
set -eu

namespace=${TEMPORAL_NAMESPACE:-default}
retention=${TEMPORAL_NAMESPACE_RETENTION:-720h}

attempt=1
until temporal operator cluster health >/dev/null 2>&1; do
  if [ "$attempt" -ge 60 ]; then
    echo "Temporal at $TEMPORAL_ADDRESS is not serving" >&2
    exit 1
  fi
  attempt=$((attempt + 1))
  sleep 2
done

if temporal operator namespace describe --namespace "$namespace" >/dev/null 2>&1; then
  echo "Temporal namespace '$namespace' exists"
else
  temporal operator namespace create --namespace "$namespace" --retention "$retention" \
    --description "Qingling petition cases"
  echo "Temporal namespace '$namespace' created (retention $retention)"
fi
