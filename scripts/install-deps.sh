#!/usr/bin/env bash
# Installs the Debian 12 packages SoomCare needs to build, test and run.
# As root: installs what is missing. Otherwise: prints the exact apt-get line and fails.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config python3 git
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev libboost-system1.81-dev
  libsqlite3-dev libpq-dev libhiredis-dev libssl-dev libargon2-dev
  libspdlog-dev libfmt-dev prometheus-cpp-dev libhowardhinnant-date-dev tzdata
  libcli11-dev libtomlplusplus-dev libgtest-dev libgmock-dev libbenchmark-dev
  postgresql-15 postgresql-client-15 redis-server gcovr wrk curl
  libcairo2-dev libpango1.0-dev fonts-nanum poppler-utils
  libcmark-gfm-dev libcmark-gfm-extensions-dev libicu-dev
  libjpeg-dev libpng-dev libwebp-dev
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "Missing Debian packages. Install them with:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi

echo "Installing missing packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# Services from these packages are started by our scripts when needed, never system-wide.
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
