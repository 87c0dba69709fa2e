# syntax=docker/dockerfile:1
# The guide as a container: build the site with the pinned Python packages, serve it with
# nginx using deploy/nginx.conf (the same file tests/ship/test_nginx.py runs).
#
#   docker build --build-arg SITE_URL=https://guide.example.com/ -t ai-platform-guide .
#   docker run --rm -p 8080:8080 ai-platform-guide
#
# SITE_URL must be the address readers use (instant navigation and canonical links need it).
# The container listens on 8080 as an unprivileged user; put TLS (and HSTS) in front of it.

# --- build: a strict build, then the CSP hashes of exactly this build's inline scripts ---
FROM python:3.11-slim-bookworm AS build
ARG SITE_URL=http://localhost:8080/
# No git and no history in the image: pages show no last-updated date (GIT_PYTHON_REFRESH=quiet
# lets the date plugin load without a git program; see mkdocs.yml).
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 NO_MKDOCS_2_WARNING=1 SITE_URL=${SITE_URL} \
    GIT_PYTHON_REFRESH=quiet
WORKDIR /src
COPY requirements.txt requirements-deploy.txt ./
RUN pip install -r requirements-deploy.txt
COPY mkdocs.yml ./
COPY macros/ macros/
COPY data/ data/
COPY docs/ docs/
COPY docs_src/ docs_src/
COPY overrides/ overrides/
COPY scripts/csp_hashes.py scripts/precompress.py scripts/
# Text files are compressed once here (.br and .gz next to each); nginx's brotli_static and
# gzip_static send them.
RUN mkdocs build --strict --site-dir /site \
 && python scripts/csp_hashes.py /site --output /guide-csp-hashes.conf \
 && python scripts/precompress.py /site

# --- serve: Debian's nginx (the one tests/ship/ runs) with its Brotli module, unprivileged ---
FROM debian:bookworm-slim AS serve
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      nginx libnginx-mod-http-brotli-static curl \
 && rm -rf /var/lib/apt/lists/* /etc/nginx/sites-enabled /etc/nginx/conf.d /var/www/html \
 && mkdir -p /tmp/nginx /usr/share/nginx && chown www-data:www-data /tmp/nginx
COPY deploy/nginx.conf /etc/nginx/nginx.conf
COPY --from=build /guide-csp-hashes.conf /etc/nginx/guide-csp-hashes.conf
COPY --from=build /site /usr/share/nginx/html
USER www-data
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s CMD ["curl", "-fsS", "-o", "/dev/null", "http://127.0.0.1:8080/"]
STOPSIGNAL SIGQUIT
# -e stderr: Debian's build would otherwise try its root-owned /var/log/nginx first.
CMD ["nginx", "-e", "stderr", "-g", "daemon off;"]
