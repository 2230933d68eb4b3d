#!/usr/bin/env bash
# A/B of two hub jars under single-attribute PATCHes (and GETs by id): each jar gets its own store
# process and 10,000 Vehicles; short wrk runs alternate between them, and each run reports
# throughput, latency and the CPU per request of the hub and of its store (utime + stime).
# Usage: docs/ab-cpu.sh A.jar B.jar [patch|get ...]   (needs wrk, bc, curl, python3; loopback only)
set -euo pipefail
set -m
jar_a=$1 jar_b=$2; shift 2
workloads=${*:-patch get}
dir=$(mktemp -d)
trap 'kill $(cat "$dir"/*.pid 2>/dev/null) 2>/dev/null; rm -rf "$dir"' EXIT

cat > "$dir/patch.lua" <<'LUA'
request = function()
  return wrk.format("PATCH", "/ngsi-ld/v1/entities/urn:ngsi-ld:Vehicle:v" .. math.random(0, 9999) .. "/attrs/speed",
    {["Content-Type"] = "application/json"}, '{"type":"Property","value":' .. math.random(0, 120) .. '}')
end
done = function(summary, latency)
  io.write(string.format("p50 %.1f ms p99 %.1f ms non2xx %d\n", latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.errors.status))
end
LUA
sed 's|return wrk.format("PATCH".*|return wrk.format("GET", "/ngsi-ld/v1/entities/urn:ngsi-ld:Vehicle:v" .. math.random(0, 9999))|; /{\["Content-Type"\]/d' \
    "$dir/patch.lua" > "$dir/get.lua"

start() { # label jar store-port hub-port
    TSUNAGU_DATA_DIR=$dir/$1-store TSUNAGU_STORE_PORT=$3 java -Dloader.main=city.tsunagu.deploy.StoreMain -jar "$2" >"$dir/$1-store.log" 2>&1 &
    echo $! >"$dir/$1-store.pid"
    sleep 5
    TSUNAGU_DATA_DIR=$dir/$1-hub TSUNAGU_HTTP_PORT=$4 TSUNAGU_HTTP_ADDRESS=127.0.0.1 \
        TSUNAGU_MONGODB_URI=mongodb://127.0.0.1:$3 java -jar "$2" >"$dir/$1-hub.log" 2>&1 &
    echo $! >"$dir/$1-hub.pid"
    until curl -sf -o /dev/null "http://127.0.0.1:$4/actuator/health"; do sleep 1; done
    python3 - "$4" <<'PY'
import json, sys, urllib.request
for k in range(0, 10000, 100):
    batch = [{"id": "urn:ngsi-ld:Vehicle:v%d" % i, "type": "Vehicle", "speed": {"type": "Property", "value": i % 90}}
             for i in range(k, k + 100)]
    urllib.request.urlopen(urllib.request.Request("http://127.0.0.1:%s/ngsi-ld/v1/entityOperations/upsert" % sys.argv[1],
        data=json.dumps(batch).encode(), headers={"Content-Type": "application/json"}, method="POST")).read()
PY
}
ticks() { awk '{print $14 + $15}' "/proc/$(cat "$dir/$1.pid")/stat"; }
run() { # label port workload seconds
    local h0 s0 h1 s1 out n
    h0=$(ticks "$1-hub"); s0=$(ticks "$1-store")
    out=$(wrk -t2 -c50 -d"$4"s -s "$dir/$3.lua" "http://127.0.0.1:$2")
    h1=$(ticks "$1-hub"); s1=$(ticks "$1-store")
    n=$(awk '/requests in/ {print $1}' <<<"$out")
    echo "$1 $3 $(awk '/Requests\/sec/ {print $2}' <<<"$out") req/s," \
        "hub $(bc <<<"scale=3; ($h1 - $h0) * 1000 / $(getconf CLK_TCK) / $n") ms CPU/req," \
        "store $(bc <<<"scale=3; ($s1 - $s0) * 1000 / $(getconf CLK_TCK) / $n") ms CPU/req, $(grep p50 <<<"$out")"
}
start A "$jar_a" 27881 9181
start B "$jar_b" 27882 9182
run A 9181 patch 8 >/dev/null; run B 9182 patch 8 >/dev/null # warm-up
for workload in $workloads; do
    for _ in 1 2 3; do
        run A 9181 "$workload" 10
        run B 9182 "$workload" 10
    done
done
