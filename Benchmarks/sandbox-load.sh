#!/usr/bin/env bash
# Sandbox throughput and memory with a 50,000-patient practice, measured with wrk from the same
# machine (loopback only). Usage: bash Benchmarks/sandbox-load.sh   (needs wrk: apt-get install wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)"; exit 1; }
swift build -c release --product frontdesk >/dev/null
db=$(mktemp -d)/practice.sqlite
port=30977
start=$(date +%s.%N)
.build/release/frontdesk sandbox --port $port --patients 50000 --database "$db" >"$db.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$(dirname "$db")"' EXIT
until grep -q "Base URL" "$db.log"; do sleep 0.1; done
echo "generate + start, 50,000 patients into SQLite: $(echo "$(date +%s.%N) - $start" | bc) s"
auth="Authorization: ODFHIR NFF6i0KrXrxDkZHt/VzkmZEaUWOjnQX2z"
base="http://127.0.0.1:$port/api/v1"
today=$(date +%F)
for path in "appointments?date=$today&Limit=100" "patients/Simple?Offset=20000&Limit=100" "patients/Simple?Offset=45000&Limit=100"; do
  rows=$(curl -s -H "$auth" "$base/$path" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
  wrk -t2 -c16 -d10s -H "$auth" "$base/$path" >"$db.wrk"
  echo "GET /$path ($rows rows): $(awk '/Requests\/sec/ {print $2}' "$db.wrk") requests/s, latency $(awk '/Latency/ {print $2 " avg, " $4 " max"}' "$db.wrk")"
done
echo "server memory after the runs: $(awk '/VmRSS/ {print $2/1024 " MiB RSS"}' /proc/$pid/status), peak $(awk '/VmHWM/ {print $2/1024 " MiB"}' /proc/$pid/status)"
