#!/bin/sh
# Install Debian packages the project needs (chromium for browser tests, gettext for
# translations) when we are allowed to: as root, or through password-less sudo.
set -e
if [ "$(id -u)" = 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
else
    echo "cannot install $*: not root and no password-less sudo" >&2
    exit 1
fi
if ! command -v apt-get >/dev/null; then
    echo "cannot install $*: no apt-get on this system" >&2
    exit 1
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$@"
