# One image for every Node service of Flow Orchestrator. The default command runs the whole
# platform in one process (like `npm start`); docker-compose.yml runs each service in its own
# container by overriding the command, e.g. `node --import tsx subgraphs/graph/src/main.ts step`.
#
# Services run as `node --import tsx <main.ts>`: one Node process that receives SIGTERM itself
# and shuts down gracefully. `npx tsx ...` would put npm and a shell in front of it, and npm
# does not pass the signal on to tsx, so `docker stop` would end in SIGKILL.

# Stage 1: only the manifests npm ci reads (root and workspace package.json, the lockfile),
# so the dependency layer below is rebuilt only when dependencies change, not on every edit.
FROM node:20-bookworm-slim AS manifests
WORKDIR /app
COPY . .
RUN find . -type f ! -name package.json ! -name package-lock.json -delete \
 && find . -type d -empty -delete

FROM node:20-bookworm-slim
WORKDIR /app
# npm's update check would reach for the registry at every start; the image needs no network.
ENV NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false
COPY --from=manifests /app ./
# Dev dependencies are kept on purpose: the services run TypeScript through tsx (a dev
# dependency), so NODE_ENV=production is set only after the install.
RUN npm ci && npm cache clean --force
COPY . .
# The console and GraphiQL (console/dist), built here: the image's user cannot write /app.
RUN npm run console:build

ENV NODE_ENV=production \
    HOST=0.0.0.0
# FileProcessor's root (FILE_PROCESSOR_ROOT; the default under the working directory is not
# writable here) and output volume in docker-compose.yml (a named volume mounted here starts
# with this directory's owner, so the unprivileged user below can write into it).
ENV FILE_PROCESSOR_ROOT=/data/files
RUN mkdir -p /data/files && chown node:node /data/files && chmod 755 /data/files
# The base image's unprivileged user; the source stays owned by root, so it is read-only to it.
USER node
# gateway, the eight managers and the orchestrator (DESIGN.md section 3), then the /health
# ports docker-compose.yml gives EchoProcessor and FileProcessor
EXPOSE 4000 5000 5010 5030 5040 5070 5100 5120 5130 5140 5200 5210
CMD ["node", "--import", "tsx", "--import", "./platform/src/telemetry/register.ts", "launcher/src/main.ts"]
