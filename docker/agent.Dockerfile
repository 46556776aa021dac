# syntax=docker/dockerfile:1
# WardWatch edge agent: Node 20 + ffmpeg, runs as an unprivileged user.
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json .npmrc tsconfig.json tsconfig.base.json ./
COPY contracts/package.json contracts/
COPY devkit/package.json devkit/
COPY edge-agent/package.json edge-agent/
COPY review-console/package.json review-console/
RUN npm ci --ignore-scripts --no-audit --no-fund \
 && npm rebuild sharp onnxruntime-node
COPY contracts contracts
COPY edge-agent edge-agent
COPY models models
RUN npx tsc -b contracts edge-agent \
 && npm prune --omit=dev --workspace edge-agent --include-workspace-root=false

FROM node:20-bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ffmpeg ca-certificates tini \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home /var/lib/wardwatch --create-home wardwatch
WORKDIR /app
COPY --from=build /src/node_modules node_modules
COPY --from=build /src/package.json ./
COPY --from=build /src/contracts/package.json contracts/
COPY --from=build /src/contracts/dist contracts/dist
COPY --from=build /src/edge-agent/package.json edge-agent/
COPY --from=build /src/edge-agent/bin edge-agent/bin
COPY --from=build /src/edge-agent/dist edge-agent/dist
COPY --from=build /src/models models
USER wardwatch
ENV NODE_ENV=production WARDWATCH_MODEL_DIR=/var/lib/wardwatch/models
VOLUME ["/var/lib/wardwatch"]
EXPOSE 9464
HEALTHCHECK --interval=30s --timeout=5s CMD node -e "fetch('http://127.0.0.1:9464/healthz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
ENTRYPOINT ["tini", "--", "node", "edge-agent/bin/edge-agent.js"]
CMD ["run", "--config", "/etc/wardwatch/agent.yaml"]
