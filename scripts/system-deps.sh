#!/usr/bin/env bash
# System packages the tests need: Debian's chromium (browser tests), gcc/g++ (the C and
# C++ samples), npm (axe-core, lighthouse) and nginx with its Brotli module (tests/ship:
# the deploy/ configuration is run for real). Extra Debian packages can be named as
# arguments (`make bench` passes wrk).
# Installs what is missing when running as root; otherwise says what to install.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v gcc >/dev/null || missing+=(gcc)
command -v g++ >/dev/null || missing+=(g++)
command -v npm >/dev/null || missing+=(npm)
[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null || missing+=(nginx)
# deploy/nginx.conf sends the precompressed .br files with this module
[ -e /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ] || missing+=(libnginx-mod-http-brotli-static)
for extra in "$@"; do
  command -v "$extra" >/dev/null || missing+=("$extra")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "missing system packages: ${missing[*]} (run: sudo apt-get install ${missing[*]})" >&2
  exit 1
fi
echo "installing: ${missing[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
