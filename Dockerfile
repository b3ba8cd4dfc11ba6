# Qingling (清零): one image, two processes.
#   API:    node dist/api/main.js              (the default command; port 3000, HEALTHCHECK on /healthz)
#   worker: node dist/temporal/worker-main.js  (run with --no-healthcheck, or `healthcheck: disable` in compose)
# Configuration is by environment variables only; see docker-compose.yml for the full list.
# Written for the classic builder as well as BuildKit: no `RUN --mount`, no `COPY --chmod`.

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- build: compile TypeScript, bundle the workflows, build the console; then drop dev dependencies ----
FROM ${NODE_IMAGE} AS build
WORKDIR /app

# Dependencies first, so that a change to the sources alone reuses this layer.
# The image's npm 10 ignores package.json's `allowScripts` (an npm 11 feature) and runs install scripts.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

COPY . .
# tsc -> dist/, workflows -> dist/workflow-bundle.js, console -> dist/console
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund \
 && npm cache clean --force

# ---- runtime: production dependencies and build output only, run as the unprivileged `node` user ----
FROM ${NODE_IMAGE} AS runtime

ENV NODE_ENV=production \
    PORT=3000 \
    QINGLING_DATA_DIR=/var/lib/qingling

WORKDIR /app

# The PDF reports (每周一报, 一月一通报) embed a Chinese font; the PDF standard fonts have none.
# reports/pdf-document.ts finds it here (or at REPORT_FONT).
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-noto-cjk \
 && rm -rf /var/lib/apt/lists/*

# Application files stay owned by root: the process can read its code but not change it.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# Public pages' static files and locales.
COPY --from=build /app/web ./web

# The only writable place for the app (QINGLING_DATA_DIR); PostgreSQL, Temporal and SMTP are external.
RUN mkdir -p /var/lib/qingling && chown node:node /var/lib/qingling

USER node
EXPOSE 3000

# node:*-slim has neither curl nor wget; Node 20's fetch does the probe.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

CMD ["node", "dist/api/main.js"]
