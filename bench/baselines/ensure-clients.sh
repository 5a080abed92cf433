#!/bin/sh
# The baselines need the mysql client and curl (kubectl comes with the test cluster).
# Debian's default-mysql-client is installed when missing, and says so.
command -v curl >/dev/null || { echo "bench: curl is missing" >&2; exit 1; }
command -v mysql >/dev/null && exit 0
echo "bench: installing Debian's default-mysql-client for the shell baselines" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -q default-mysql-client >&2 || { apt-get update -q >&2 && apt-get install -y -q default-mysql-client >&2; }
