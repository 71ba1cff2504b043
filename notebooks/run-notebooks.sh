#!/usr/bin/env bash
# Executes the notebooks headless with the OneShot Java kernel, as CI does, and writes their outputs back.
#
#   notebooks/run-notebooks.sh [--no-write] [notebooks/NN-name.ipynb ...]   (default: every notebooks/[0-9]*.ipynb)
#
# Needs Jupyter (Debian: apt-get install jupyter-nbconvert python3-nbclient python3-ipykernel jupyter-client),
# Maven and JDK 17. Environment:
#   CELL_TIMEOUT     seconds one cell may run (default 900)
#   MVN_FLAGS        flags for mvn (default "-q -B"; add -o to stay offline)
#   KERNEL_JVM_OPTS  extra JVM options for the kernel, space separated (e.g. "-Xmx4g")
# Exits non-zero when a cell of any notebook fails, or when the kernel does not report a failing cell as a failure.
set -euo pipefail

cd "$(dirname "$0")/.."
CELL_TIMEOUT="${CELL_TIMEOUT:-900}"
read -r -a MVN <<< "${MVN_FLAGS:--q -B}"
write_back=1
notebooks=()
for arg in "$@"; do
  case "$arg" in
    --no-write) write_back=0 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) notebooks+=("$arg") ;;
  esac
done
if [ ${#notebooks[@]} -eq 0 ]; then
  notebooks=(notebooks/[0-9]*.ipynb)
fi
for nb in "${notebooks[@]}"; do
  [ -f "$nb" ] || { echo "no such notebook: $nb" >&2; exit 2; }
done
command -v jupyter >/dev/null || {
  echo "jupyter not found: apt-get install jupyter-nbconvert python3-nbclient python3-ipykernel jupyter-client" >&2
  exit 2
}

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export PYDEVD_DISABLE_FILE_VALIDATION=1

# 1. Install the kernel into a private prefix, found first through JUPYTER_PATH (the user's own kernels stay untouched).
install_args="--prefix $work/jupyter"
for opt in ${KERNEL_JVM_OPTS:-}; do install_args+=" --jvm-opt=$opt"; done
mvn "${MVN[@]}" compile exec:java -Dexec.mainClass=InstallKernel -Dexec.args="$install_args"
export JUPYTER_PATH="$work/jupyter/share/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"

execute() { # notebook output-dir
  jupyter nbconvert --to notebook --execute --ExecutePreprocessor.kernel_name=java \
    --ExecutePreprocessor.timeout="$CELL_TIMEOUT" --ExecutePreprocessor.record_timing=False \
    --output-dir "$2" "$1"
}

# 2. Self-check: a notebook whose second cell throws must make nbconvert fail, naming the exception.
mkdir -p "$work/selfcheck"
cat > "$work/selfcheck/failing.ipynb" <<'NB'
{"cells": [
  {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": "int zero = 0;"},
  {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": "System.out.println(1 / zero);"},
  {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": "System.out.println(\"not reached\");"}],
 "metadata": {"kernelspec": {"name": "java", "display_name": "Java (OneShot)", "language": "java"}},
 "nbformat": 4, "nbformat_minor": 5}
NB
if execute "$work/selfcheck/failing.ipynb" "$work/selfcheck/out" > "$work/selfcheck/log" 2>&1; then
  echo "FAIL self-check: nbconvert succeeded on a notebook whose cell throws" >&2
  exit 1
elif ! grep -q "java.lang.ArithmeticException" "$work/selfcheck/log"; then
  echo "FAIL self-check: nbconvert failed without the cell's exception; its log:" >&2
  cat "$work/selfcheck/log" >&2
  exit 1
fi
echo "ok   self-check: a throwing cell fails nbconvert (java.lang.ArithmeticException reported)"

# 3. The notebooks.
failed=0
for nb in "${notebooks[@]}"; do
  start=$(date +%s)
  out="$work/out/$(basename "$nb" .ipynb)"
  if execute "$nb" "$out" > "$work/log" 2>&1; then
    if [ "$write_back" = 1 ]; then
      cp "$out/$(basename "$nb")" "$nb.tmp" && mv "$nb.tmp" "$nb"
    fi
    echo "ok   $nb ($(( $(date +%s) - start )) s)"
  else
    failed=1
    echo "FAIL $nb ($(( $(date +%s) - start )) s):" >&2
    grep -v -e "frozen modules" -e "debugger" -e "PYDEVD" -e "Xfrozen_modules" "$work/log" | tail -40 >&2
  fi
done
exit "$failed"
