# syntax=docker/dockerfile:1
# WardWatch review console: API, worker and web UI in one image, runs as an unprivileged user.
FROM node:20-bookworm-slim AS build
WORKDIR /src
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json .npmrc tsconfig.json tsconfig.base.json ./
COPY contracts/package.json contracts/
COPY devkit/package.json devkit/
COPY edge-agent/package.json edge-agent/
COPY review-console/package.json review-console/
RUN npm ci --ignore-scripts --no-audit --no-fund && npm rebuild better-sqlite3
COPY contracts contracts
COPY review-console review-console
RUN npx tsc -b contracts review-console \
 && npm run build:web --workspace review-console --if-present \
 && npm prune --omit=dev --workspace review-console --include-workspace-root=false

FROM node:20-bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home /var/lib/wardwatch --create-home wardwatch
WORKDIR /app
COPY --from=build /src/node_modules node_modules
COPY --from=build /src/package.json ./
COPY --from=build /src/contracts/package.json contracts/
COPY --from=build /src/contracts/dist contracts/dist
COPY --from=build /src/review-console/package.json review-console/
COPY --from=build /src/review-console/bin review-console/bin
COPY --from=build /src/review-console/dist review-console/dist
COPY --from=build /src/review-console/web/dist review-console/web/dist
USER wardwatch
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8080 WARDWATCH_DATA_DIR=/var/lib/wardwatch
VOLUME ["/var/lib/wardwatch"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s CMD node -e "fetch('http://127.0.0.1:8080/healthz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
ENTRYPOINT ["tini", "--", "node", "review-console/bin/review-console.js"]
CMD ["serve"]
