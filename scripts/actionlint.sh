#!/usr/bin/env bash
# actionlint, the GitHub Actions workflow linter, built once from the Go module proxy into the
# cache (about 20 s cold on 2 cores, nothing once built). Prints the binary's path.
# It runs shellcheck on every `run:` script when shellcheck is on PATH.
set -euo pipefail
VERSION=v1.7.12
dir="${LAB_GRADER_CACHE:-$HOME/.cache/lab-grader}/actionlint/$VERSION"
if [ ! -x "$dir/actionlint" ]; then
  command -v go >/dev/null 2>&1 || { echo "actionlint: building it needs Go (apt-get install golang-go)" >&2; exit 1; }
  mkdir -p "$dir"
  # -modcacherw: a module cache the user can delete without chmod.
  GOBIN="$dir" GOFLAGS=-modcacherw go install "github.com/rhysd/actionlint/cmd/actionlint@$VERSION" >&2
fi
echo "$dir/actionlint"
