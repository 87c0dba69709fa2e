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
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 NO_MKDOCS_2_WARNING=1 SITE_URL=${SITE_URL}
WORKDIR /src
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY mkdocs.yml ./
COPY macros/ macros/
COPY data/ data/
COPY docs/ docs/
COPY docs_src/ docs_src/
COPY overrides/ overrides/
COPY scripts/csp_hashes.py scripts/
# Text files are gzipped once here (-9, no name or time stamp; -f: MkDocs already wrote
# sitemap.xml.gz, the same content); nginx's gzip_static sends them.
RUN mkdocs build --strict --site-dir /site \
 && python scripts/csp_hashes.py /site --output /guide-csp-hashes.conf \
 && find /site -type f \( -name '*.html' -o -name '*.css' -o -name '*.js' -o -name '*.json' \
      -o -name '*.xml' -o -name '*.svg' -o -name '*.txt' \) -exec gzip -9 -k -n -f {} +

# --- serve: nginx, unprivileged, nothing but the built files and the configuration ---
FROM nginx:1.28-bookworm AS serve
COPY deploy/nginx.conf /etc/nginx/nginx.conf
COPY --from=build /guide-csp-hashes.conf /etc/nginx/guide-csp-hashes.conf
RUN rm -rf /usr/share/nginx/html/* /etc/nginx/conf.d \
 && mkdir -p /tmp/nginx && chown nginx:nginx /tmp/nginx
COPY --from=build /site /usr/share/nginx/html
USER nginx
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s CMD ["curl", "-fsS", "-o", "/dev/null", "http://127.0.0.1:8080/"]
STOPSIGNAL SIGQUIT
CMD ["nginx", "-g", "daemon off;"]
