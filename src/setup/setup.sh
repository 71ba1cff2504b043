#!/usr/bin/env bash
# System packages OneShot uses: dlib's 68-point landmark model (faithful OpenFace alignment), Jupyter (notebooks) and
# PostgreSQL's server binaries (the PostgreSQL gallery's tests start a throw-away cluster with them; no service is used).
# Idempotent: installs only what is missing. Needs root or sudo.
set -euo pipefail
pkgs=()
[ -f /usr/share/dlib/shape_predictor_68_face_landmarks.dat ] || pkgs+=(libdlib-data)
command -v jupyter-nbconvert >/dev/null 2>&1 || pkgs+=(jupyter-nbconvert)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || pkgs+=(postgresql)
/usr/bin/python3 -c "import nbclient, ipykernel, jupyter_client" >/dev/null 2>&1 || pkgs+=(python3-nbclient python3-ipykernel jupyter-client)
if [ ${#pkgs[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${pkgs[@]}"
fi
echo "system packages ready"

# Maven dependencies and a compiled build, so the first real command starts at once (skip with ONESHOT_SETUP_SYSTEM_ONLY=1).
if [ -z "${ONESHOT_SETUP_SYSTEM_ONLY:-}" ]; then
  cd "$(dirname "$0")/../.."
  mvn -B -q -ntp test-compile dependency:resolve-plugins
  echo "build ready"
fi
