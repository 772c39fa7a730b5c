#!/bin/sh
# Container entrypoint: `pulsestage serve` by default, with the profile from PULSESTAGE_PROFILE
# (prod in the image). Any other arguments run that sub-command instead, e.g.
#   docker run ... pulsestage:latest backup
#   docker run ... pulsestage:latest preflight --url http://app:3000
set -eu

if [ "$#" -eq 0 ]; then
    set -- serve
fi
case "$1" in
    -*) set -- serve "$@" ;;  # flags only: they are serve's
esac

# exec: pulsestage becomes PID 1's child-free process and receives SIGTERM directly (graceful drain)
exec pulsestage "$@"
