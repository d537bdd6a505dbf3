#!/usr/bin/env bash
# Installs everything Cartwright needs on Debian/Ubuntu, idempotently: the system libraries and
# tools (only the missing ones, so a second run touches nothing), then the npm packages from the
# lockfile. Used by the README's quick start and by CI.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  pkg-config build-essential python3 openssl
  libimobiledevice-dev libusbmuxd-dev libplist-dev   # the addon links against these
  libimobiledevice-utils libusbmuxd-tools            # the real tools that judge the virtual cart
  chromium poppler-utils                             # UI tests in Chromium; PDF → PNG checks
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  if ! command -v apt-get >/dev/null; then
    echo "cartwright: please install these packages with your system's package manager: ${missing[*]}" >&2
    exit 1
  fi
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "Installing system packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Electron's own install step downloads its binary; it is not approved in package.json
# (allowScripts), so installs succeed offline. ELECTRON_SKIP_BINARY_DOWNLOAD covers older npm.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci --no-audit --no-fund
fi
