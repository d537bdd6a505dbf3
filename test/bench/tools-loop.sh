#!/usr/bin/env bash
# The per-device work as admins script it today with Debian's libimobiledevice tools: pair
# (asking again every second while the Trust dialog is up, as idevicepair tells you to), read the
# identity and the battery, rename. Run by test/bench/suites/baseline.ts against a virtual cart
# (USBMUXD_SOCKET_ADDRESS); never against real devices.
#
# usage: tools-loop.sh PARALLEL     1 = a plain for loop; N > 1 = xargs -P N
# prints "OK <udid>" or "FAIL <udid> <what>" per device, then "TIMES" and bash's `times`: the
# shell's own CPU, then its children's (waited-for descendants included: every tool it ran).
set -u
parallel=${1:?usage: tools-loop.sh PARALLEL}

prep() {
  local udid=$1 tries=0 info serial
  until idevicepair -u "$udid" pair >/dev/null 2>&1; do
    tries=$((tries + 1))
    # Bounded: a device nobody trusts must not keep the loop (or the benchmark) forever.
    if [ "$tries" -ge 60 ]; then echo "FAIL $udid pair"; return 1; fi
    sleep 1
  done
  info=$(ideviceinfo -u "$udid") || { echo "FAIL $udid info"; return 1; }
  ideviceinfo -u "$udid" -q com.apple.mobile.battery >/dev/null || { echo "FAIL $udid battery"; return 1; }
  serial=$(printf '%s\n' "$info" | awk '/^SerialNumber:/ { print $2 }')
  idevicename -u "$udid" "Cart-${serial:-$udid}" >/dev/null || { echo "FAIL $udid rename"; return 1; }
  echo "OK $udid"
}
export -f prep

udids=$(idevice_id -l) || { echo "FAIL - idevice_id"; exit 1; }
if [ "$parallel" -le 1 ]; then
  for udid in $udids; do prep "$udid"; done
else
  printf '%s\n' $udids | xargs -P "$parallel" -I{} bash -c 'prep "$1"' _ {}
fi
# Not in a pipeline: a subshell would report its own (empty) children.
echo TIMES
times
