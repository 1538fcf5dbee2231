# Tung Hang: the bot in a container. `docker build -t tunghang .`, or `docker compose up -d`
# with compose.yaml (bot + PostgreSQL). Python 3.11 or newer is required.
FROM python:3.12-slim
ENV PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml README.md LICENSE ./
COPY bot ./bot
COPY storage ./storage
COPY content ./content
COPY locales ./locales
RUN pip install --no-cache-dir . \
    && useradd --system --uid 10001 --home-dir /data tunghang \
    && mkdir /data && chown tunghang /data
USER tunghang
WORKDIR /data
# SQLite in the /data volume unless DATABASE_URL says otherwise (compose.yaml uses PostgreSQL).
ENV DATABASE_URL=sqlite+aiosqlite:////data/tunghang.db
VOLUME /data
EXPOSE 8443
HEALTHCHECK --interval=5m --timeout=60s --start-period=60s CMD ["tunghang", "check", "--timeout", "20"]
CMD ["tunghang", "run"]
