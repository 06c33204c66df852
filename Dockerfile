# The bot as a container image: build once with the whole toolchain, run on a slim Node with production
# dependencies and the compiled code only (plain Node, no TypeScript transformer in the bot's process).
#
#   docker build -t cogsmith-bot .
#   docker run --env DISCORD_TOKEN=... -v cogsmith-data:/data cogsmith-bot
#   docker compose up -d          # the bot and PostgreSQL (compose.yaml)
#
# The entrypoint (docker/entrypoint.mjs) starts the bot from bot.config.yaml with metrics on at
# COGSMITH_METRICS_PORT (default 9090, for the HEALTHCHECK on /healthz), its data in /data, and PostgreSQL
# when COGSMITH_POSTGRES_URL is set. Exit codes as npm start's: 0 stopped, 1 failed, 26 restart, 78 settings.

# --- build: every dependency, generated/ checked, TypeScript compiled to dist/ ------------------------------
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run generate -- --check && npm run build

# --- runtime: production dependencies, the build, the instance file; a non-root user ------------------------
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY bot.config.yaml ./
COPY docker/ ./docker/
RUN mkdir -p /data && chown node:node /data
# The official image's unprivileged user (uid 1000); the data volume is its own.
USER node
VOLUME ["/data"]
ENV COGSMITH_DATA_DIR=/data COGSMITH_METRICS_PORT=9090
EXPOSE 9090
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 CMD ["node", "docker/healthcheck.mjs"]
ENTRYPOINT ["node", "docker/entrypoint.mjs"]
