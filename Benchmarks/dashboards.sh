# Sourced by the benchmarks that run real dashboards in tmux against a sandbox process of their own
# (host-memory.sh, code-layout.sh). They set $bin, $work and $sock first; office_start sets $office
# and $url.

bench_cleanup() {
  tmux -L "$sock" kill-server 2>/dev/null || true
  [ -n "${office:-}" ] && kill "$office" 2>/dev/null || true
  rm -rf "$work"
}

# office_start PATIENTS: a remote-profile sandbox (one request a second, as a cloud office).
office_start() {
  "$bin" sandbox --profile remote --patients "$1" --port 0 >"$work/sandbox.log" 2>&1 &
  office=$!
  url=
  for _ in $(seq 1 120); do
    url=$(awk '/Base URL:/ {print $3}' "$work/sandbox.log")
    [ -n "$url" ] && return 0
    sleep 0.5
  done
  echo "the sandbox did not start" >&2
  return 1
}

# dashboard_start NAME [VAR=VALUE...]: a dashboard at 80x24 in the tmux session NAME, with a home of
# its own and the cache folder all of them share (one office, one host), as an ssh login would be.
dashboard_start() {
  local name=$1
  shift
  local home="$work/home-$name"
  mkdir -p "$home"
  tmux -L "$sock" new-session -d -s "$name" -x 80 -y 24 \
    "env HOME=$home XDG_CONFIG_HOME=$home/config XDG_STATE_HOME=$home/state XDG_CACHE_HOME=$work/cache LANG=C.UTF-8 TERM=xterm-256color $* \
     FRONTDESK_BASE_URL=$url FRONTDESK_DEVELOPER_KEY=NFF6i0KrXrxDkZHt FRONTDESK_CUSTOMER_KEY=VzkmZEaUWOjnQX2z $bin; sleep 600"
}

# dashboard_pid NAME: the process of the dashboard in session NAME (empty until it runs).
dashboard_pid() {
  local pane
  pane=$(tmux -L "$sock" display -p -t "$1" '#{pane_pid}' 2>/dev/null) || return 0
  pgrep -P "$pane" -f "$bin" | head -1 || true
}
