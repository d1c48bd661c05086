# poly-collect image: the 24/7 collector in server mode (writes to a ClickHouse server, CLICKHOUSE_URL).
#
#   docker build -t poly-collect:0.1.0 .
#   docker run --rm -e CLICKHOUSE_URL=http://clickhouse:8123 -p 9464:9464 poly-collect:0.1.0 --assets BTC
#
# Two stages: `build` installs everything (dev tools, and chDB, whose types the compiler needs) and
# compiles poly-collect with the packages it needs (@polymarket-arb/domain, common, venue and
# collect); `runtime` installs production dependencies only, WITHOUT optional ones, so chDB (~540 MB,
# the embedded engine) never reaches the image, and copies the compiled dist/ of those four packages.
# Kubernetes manifests: deploy/.

ARG NODE_IMAGE=node:20.20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /src
# Every workspace's package.json: `npm ci` checks the lockfile against all of them.
COPY package.json package-lock.json ./
COPY packages/domain/package.json packages/domain/
COPY packages/common/package.json packages/common/
COPY packages/venue/package.json packages/venue/
COPY packages/sim/package.json packages/sim/
COPY packages/collect/package.json packages/collect/
COPY packages/import/package.json packages/import/
COPY packages/bot/package.json packages/bot/
# --ignore-scripts: `prepare` would build every package before the sources are here; the build
# runs below, for the packages poly-collect needs.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.base.json ./
COPY packages/domain/tsconfig.json packages/domain/
COPY packages/domain/src packages/domain/src
COPY packages/common/tsconfig.json packages/common/
COPY packages/common/src packages/common/src
COPY packages/venue/tsconfig.json packages/venue/
COPY packages/venue/src packages/venue/src
COPY packages/collect/tsconfig.json packages/collect/
COPY packages/collect/src packages/collect/src
RUN npx tsc -b packages/collect

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/domain/package.json packages/domain/
COPY packages/common/package.json packages/common/
COPY packages/venue/package.json packages/venue/
COPY packages/sim/package.json packages/sim/
COPY packages/collect/package.json packages/collect/
COPY packages/import/package.json packages/import/
COPY packages/bot/package.json packages/bot/
# Production dependencies only, no optional ones (chDB), no install scripts (`prepare` needs
# TypeScript). The check fails the build if chDB ever comes back (npm 10 leaves empty scope
# folders for omitted packages: those are removed first).
RUN npm ci --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund \
 && rm -rf /root/.npm \
 && find node_modules -mindepth 1 -maxdepth 1 -type d -empty -delete \
 && if [ -e node_modules/chdb ] || [ -e node_modules/@chdb ]; then echo 'chdb must not be in the server image' >&2; exit 1; fi
COPY --from=build /src/packages/domain/dist packages/domain/dist
COPY --from=build /src/packages/common/dist packages/common/dist
COPY --from=build /src/packages/venue/dist packages/venue/dist
COPY --from=build /src/packages/collect/dist packages/collect/dist
COPY packages/collect/bin packages/collect/bin
# The image's configuration (defaults + health port + container paths); Kubernetes mounts its
# ConfigMap over /app/config instead. poly-collect reads config/collect.toml from its working dir.
COPY deploy/docker/collect.toml config/collect.toml
COPY deploy/docker/healthcheck.mjs healthcheck.mjs
RUN mkdir -p /app/spill && chown 1000:1000 /app/spill

# The base image's `node` user, by number so that Kubernetes can verify runAsNonRoot.
USER 1000:1000
EXPOSE 9464
# 200 from /healthz (on the configured health port) = collecting. Node is PID 1 and handles
# SIGTERM itself: it stops reading, flushes every buffer, spills what the store did not take.
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 CMD ["node", "healthcheck.mjs"]
ENTRYPOINT ["node", "packages/collect/bin/poly-collect.js"]
