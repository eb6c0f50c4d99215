#!/usr/bin/env bash
# Install (as root on Debian/Ubuntu) or list the system packages ACES Desktop needs.
#   scripts/sysdeps.sh run    Qt runtime libraries and fonts (for `make run`): warns if missing
#   scripts/sysdeps.sh test   also poppler, age, qpdf, NSS tools, sqlite3, chromium, SoftHSM2, PostgreSQL (for `make test`):
#                             stops with the exact apt-get line when they are missing and it is not root
set -euo pipefail
mode="${1:-test}"
run_pkgs="python3-venv libgl1 libegl1 libfontconfig1 libglib2.0-0 libxkbcommon0 libdbus-1-3 fonts-wqy-microhei fonts-noto-core fonts-ukij-uyghur"
test_pkgs="$run_pkgs poppler-utils poppler-data age qpdf libnss3-tools sqlite3 chromium softhsm2 postgresql"
case "$mode" in
  run) wanted="$run_pkgs" ;;
  test) wanted="$test_pkgs" ;;
  *) echo "usage: $0 run|test" >&2; exit 2 ;;
esac

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "sysdeps: not a Debian/Ubuntu system; make sure the equivalents of these are installed:" >&2
  echo "  $wanted" >&2
  exit 0
fi

missing=()
for pkg in $wanted; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = "0" ]; then
  echo "sysdeps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
  exit 0
fi

echo "sysdeps: these system packages are missing: ${missing[*]}" >&2
echo "Install them with:" >&2
echo "  sudo apt-get install -y ${missing[*]}" >&2
if [ "$mode" = "test" ]; then
  exit 1
fi
echo "(continuing; the application may not start without them)" >&2
