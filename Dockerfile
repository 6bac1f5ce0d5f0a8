# syntax=docker/dockerfile:1
# Builder: the same tool install and build script CI runs (.ci/install-tools,
# scripts/build-release), so what CI tests is what the image ships.
FROM rust:1.95-bookworm AS builder
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN .ci/install-tools --build-only && CARGO_TARGET_DIR=/src/target scripts/build-release

# Runtime: the binary and the site, run by an unprivileged user. postgresql-client (15,
# like the database) gives `server backup` its pg_dump and pg_restore.
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates tzdata postgresql-client \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin lumicello \
 && mkdir -p /app/data /app/backups && chown lumicello /app/data /app/backups
WORKDIR /app
COPY --from=builder /src/dist/ /app/
ENV LEPTOS_SITE_ROOT=/app/site \
    LEPTOS_SITE_ADDR=0.0.0.0:3000 \
    LEPTOS_ENV=PROD \
    LOG_FORMAT=json \
    TLS=tailscale \
    RUST_LOG=info,sqlx=warn \
    DATABASE_URL=sqlite:///app/data/lumicello.sqlite?mode=rwc
USER lumicello
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["/app/server", "healthcheck"]
CMD ["/app/server"]
