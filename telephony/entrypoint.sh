#!/bin/sh
# The SIP edge on Kubernetes (telephony/Containerfile): Kamailio with telephony/kamailio.cfg, listening on the pod's own
# address and advertising in Via and Record-Route this replica's public address, picked by pod name from
# NTT110_ADVERTISE ("sip-edge-0=203.0.113.10;sip-edge-1=203.0.113.11", the addresses of the Services sip-edge-0/-1), so
# that a dialog's later requests come back to the replica that Record-Routed it. A pod without an address of its own
# does not start: advertising the pod address would send the dialog's ACK and BYE nowhere.
# Extra arguments (the StatefulSet's args: -m and -M, the memory sizes) go to kamailio as they are.
set -eu
: "${POD_NAME:?the pod name (fieldRef metadata.name)}" "${POD_IP:?the pod address (fieldRef status.podIP)}"
: "${NTT110_METRICS_PORT:?the port of GET /metrics and /health}"
port=${NTT110_SIP_PORT:-5060}
config=${NTT110_KAMAILIO_CFG:-/etc/ntt110/sip-edge/kamailio.cfg}

advertised=
old_ifs=$IFS
IFS=';'
for pair in ${NTT110_ADVERTISE:-}; do
  case $pair in
    "$POD_NAME="*) advertised=${pair#*=} ;;
  esac
done
IFS=$old_ifs
if [ -z "$advertised" ]; then
  echo "no public address for $POD_NAME in NTT110_ADVERTISE (\"${NTT110_ADVERTISE:-}\"): not starting" >&2
  exit 1
fi
echo "SIP edge $POD_NAME: listening on $POD_IP:$port (UDP, TCP), advertising $advertised:$port; metrics on $POD_IP:$NTT110_METRICS_PORT" >&2

# -DD: stay in the foreground as PID 1 (SIGTERM stops it); -E: log to stderr. The working directory and the pid file
# are on the pod's emptyDir /run/kamailio: the root filesystem is read-only. The metrics listener advertises itself:
# without its own /address Kamailio 5.6 gives it the advertised address of the -l before it (kamailio -c shows it).
exec kamailio -DD -E -f "$config" -w /run/kamailio -P /run/kamailio/kamailio.pid \
  -l "udp:$POD_IP:$port/$advertised:$port" -l "tcp:$POD_IP:$port/$advertised:$port" \
  -l "tcp:$POD_IP:$NTT110_METRICS_PORT/$POD_IP:$NTT110_METRICS_PORT" "$@"
