#!/usr/bin/env bash
# Runs DAISY Ace (its puppeteer runner, on Debian's chromium: the `ace`
# command wants Electron and a display) over each EPUB given and prints its
# violations by impact. Exit 1 if Ace reports any critical or serious
# violation (or cannot run). `make test` runs it on dist/*.epub.
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: $0 EPUB..."; exit 2; }
root=$(cd "$(dirname "$0")/.." && pwd)
ace="$root/node_modules/.bin/ace-puppeteer"
# `make deps` installs both (Ace from npm, chromium from Debian).
if [ ! -x "$ace" ] || [ ! -x /usr/bin/chromium ]; then
  echo "DAISY Ace or chromium is missing: run \`make deps\` first"; exit 2
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Ace's launch passes --no-sandbox (needed as root) but no way to add more,
# so a wrapper set as puppeteer's executable adds the flags that keep Chromium
# from calling home on a closed network (and off a container's small
# /dev/shm). Puppeteer's own --headless=new comes later in "$@" and wins.
cat > "$tmp/chromium" <<'EOF'
#!/bin/sh
exec /usr/bin/chromium --no-sandbox --headless --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --disable-dev-shm-usage "$@"
EOF
chmod +x "$tmp/chromium"
export PUPPETEER_EXECUTABLE_PATH="$tmp/chromium"
# Ace gives the browser 5 s to start; a busy 2-core machine can need more.
export ACE_TIMEOUT_INITIAL=60000

status=0
i=0
for epub in "$@"; do
  i=$((i + 1)); out="$tmp/report-$i"
  if ! "$ace" --force --outdir "$out" "$epub" >"$tmp/log" 2>&1 || [ ! -f "$out/report.json" ]; then
    echo "FAIL $epub: Ace did not run"; cat "$tmp/log"; status=1; continue
  fi
  # One assertion per failing node: group them by rule so the output stays short.
  node -e '
    const [report, epub] = process.argv.slice(1);
    const impacts = ["critical", "serious", "moderate", "minor"];
    const count = Object.fromEntries(impacts.map(k => [k, 0]));
    const rules = new Map();
    for (const doc of require(report).assertions || []) {
      for (const a of doc.assertions || []) {
        const impact = a["earl:test"]["earl:impact"], id = a["earl:test"]["dct:title"];
        count[impact] = (count[impact] || 0) + 1;
        if (impact !== "critical" && impact !== "serious") continue;
        const key = impact + " " + id;
        const text = (a["earl:result"]["dct:description"] || a["earl:test"]["dct:description"]).split("\n")[0];
        const r = rules.get(key) || { n: 0, docs: new Set(), text };
        r.n++; r.docs.add(doc["earl:testSubject"].url); rules.set(key, r);
      }
    }
    console.log(`ace: ${epub}: ` + impacts.map(k => `${k} ${count[k]}`).join(", "));
    for (const [key, r] of [...rules].sort()) console.log(`  ${key} x${r.n} (${[...r.docs].join(", ")}): ${r.text}`);
    process.exit(count.critical + count.serious > 0 ? 1 : 0);
  ' "$out/report.json" "$epub" || status=1
done
exit $status
