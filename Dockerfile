# syntax=docker/dockerfile:1
# Build stage: compiles better-sqlite3's native addon; the runtime stage gets only the result.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY bin ./bin
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY commands ./commands
COPY config/axepilot.example.yaml ./config/
COPY assets ./assets
# Compiled JavaScript starts in a fraction of tsx's time (a Pi feels it on every `docker exec … axepilot`); then the
# compiler and the other development packages leave the image.
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production AXEPILOT_DB=/app/data/axepilot.db
WORKDIR /app
COPY --from=build --chown=node:node /app /app
RUN mkdir -p /app/data && chown node:node /app/data
USER node
VOLUME ["/app/data"]
# The HTTP endpoint (http.enabled: true, http.listen: "0.0.0.0:9321" in a container): /healthz, /metrics, /sd/miners.
EXPOSE 9321
# `axepilot health` asks /healthz when the HTTP endpoint is on (503 = unhealthy), else checks the heartbeat file.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 CMD ["node", "bin/axepilot.js", "health"]
# Mount your config at /app/config/axepilot.yaml; without one the service runs its simulated demo fleet.
CMD ["node", "bin/axepilot.js", "start"]
