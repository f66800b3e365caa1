#!/usr/bin/env bash
# The release as production installs it: the tarball of `npm run release` unpacked in an empty
# directory, `npm ci --omit=dev` (no TypeScript, no tsx), then the command and the service start
# from dist/ with plain node and /healthz answers.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run release --silent
dir=$(mktemp -d)
server=
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$dir"' EXIT
tar xzf nianbao.tgz -C "$dir"
cd "$dir"
npm ci --omit=dev --no-audit --no-fund --prefer-offline --loglevel=error
for tool in tsx typescript esbuild; do
  if [ -e "node_modules/$tool" ]; then echo "check-release: $tool is installed in production" >&2; exit 1; fi
done
node bin/nianbao.js help | grep -q '用法：nianbao'
PORT=0 node bin/nianbao-server.js 2>server.log &
server=$!
# The service prints its port once it listens (PORT=0 lets the system choose a free one).
for _ in $(seq 100); do
  port=$(grep -oP '监听端口 \K\d+' server.log || true)
  [ -n "$port" ] && break
  kill -0 "$server" 2>/dev/null || { cat server.log >&2; exit 1; }
  sleep 0.2
done
[ -n "$port" ] || { echo 'check-release: the service did not start' >&2; cat server.log >&2; exit 1; }
curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null
echo "check-release: the release runs from dist/ without TypeScript tooling (CLI and /healthz)"
