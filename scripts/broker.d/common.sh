# shellcheck shell=bash
# scripts/broker, sourced: paths, ports and the helpers every part uses (logging, running as the rabbitmq user, waiting).

readonly PROG="scripts/broker"
readonly RMQ_BIN=/usr/lib/rabbitmq/bin          # the real scripts (not the Debian su-wrappers in /usr/sbin)
readonly RMQ_USER=rabbitmq
readonly RMQ_HOME=/var/lib/rabbitmq             # HOME of user rabbitmq: holds .erlang.cookie shared by every node and CLI call
readonly RMQ_LOG_DIR=/var/log/rabbitmq
readonly CLUSTER_BASE=$RMQ_HOME/rabbittune-cluster
readonly PLUGINS=(rabbitmq_management rabbitmq_prometheus rabbitmq_stream)
readonly WAIT_SECS=${BROKER_WAIT_SECS:-90}
readonly DEFAULT_CLUSTER_SIZE=3
readonly MGMT_USER=guest MGMT_PASS=guest

SHORT_HOST=$(hostname -s)
readonly SHORT_HOST
readonly SINGLE_NODE="rabbit@$SHORT_HOST"
readonly SINGLE_MGMT_PORT=15672


# ---------------------------------------------------------------- helpers --

log() { printf '[broker] %s\n' "$*"; }
err() { printf '[broker] ERROR: %s\n' "$*" >&2; }

usage() { # usage [EXIT_CODE]
    cat >&2 <<EOF
usage: $PROG <command> [args]

  install              install the Debian package rabbitmq-server (without starting it)
  start                install if needed, enable plugins, start the single node
                       rabbit@$SHORT_HOST (AMQP 5672, mgmt 15672, prometheus 15692, stream 5552)
  stop                 stop the single node
  status               show whether the single node runs, its version and listeners

  cluster start [N]    start an N-node local cluster (default $DEFAULT_CLUSTER_SIZE), nodes rabbit-c1..cN@$SHORT_HOST,
                       node i: AMQP 5700+i, mgmt 15700+i, prometheus 15800+i, stream 5800+i, dist 25700+i
  cluster stop         stop the cluster nodes and delete their data
  cluster status       show members and running nodes
  cluster ports        print the ports of each cluster node
  cluster kill I       kill -9 the Erlang VM of cluster node I
  cluster restart I    (re)start cluster node I (graceful stop first if it runs) and
                       wait until it is running and has rejoined

  try-config FILE      boot one throw-away node rabbit-cfg@$SHORT_HOST on FILE (a rabbitmq.conf) plus its own
                       ports (AMQP 5790, mgmt 15790, prometheus 15890, stream 5890, dist 25790), print the
                       effective value of each key of FILE, then stop it and delete its data; exit 1 (with the
                       log tail) when the node does not boot on FILE
EOF
    exit "${1:-2}"
}

need_root() {
    if [[ $(id -u) -ne 0 ]]; then
        err "this needs root (it installs packages and runs nodes as user $RMQ_USER). Run:"
        echo "  sudo $PROG $*" >&2
        exit 1
    fi
}

is_installed() { [[ -x /usr/sbin/rabbitmq-server && -x $RMQ_BIN/rabbitmq-server ]]; }

# Run a command as user rabbitmq with a clean, explicit environment.
# We deliberately bypass the Debian wrapper /usr/sbin/rabbitmq-server: as root
# it re-executes via `su rabbitmq -c "..."` (re-quoting the arguments by hand)
# and, when run as rabbitmq, redirects the server's output to a fixed
# /var/log/rabbitmq/startup_log. `runuser ... env -i VAR=...` gives every
# node exactly the variables we pass and nothing inherited from the caller
# (a stray RABBITMQ_NODENAME in the caller's shell would otherwise leak in).
# The soft open-files limit is raised to the hard one inside the runuser session (PAM resets it on the way in):
# the production checklist asks for at least 65536
# (https://www.rabbitmq.com/docs/production-checklist#resource-limits-file-handle-limit) and the usual soft
# default of 1024 stops a node at about 900 connections.
as_rabbit() {
    (cd "$RMQ_HOME" && runuser -u "$RMQ_USER" -- env -i \
        PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        HOME="$RMQ_HOME" LANG=C.UTF-8 LC_ALL=C.UTF-8 \
        /bin/sh -c 'ulimit -Sn "$(ulimit -Hn)" 2>/dev/null; exec env "$@"' sh "$@")
}

ctl()  { as_rabbit "$RMQ_BIN/rabbitmqctl" "$@"; }
diag() { as_rabbit "$RMQ_BIN/rabbitmq-diagnostics" "$@"; }

# node_pings NODE: true when the Erlang node answers and the rabbit app runs.
node_pings() { diag -q -n "$1" ping >/dev/null 2>&1; }

# mgmt_ok PORT: true when the management API on PORT answers for guest.
mgmt_ok() {
    curl -fsS --max-time 5 -u "$MGMT_USER:$MGMT_PASS" \
        "http://localhost:$1/api/overview" >/dev/null 2>&1
}

# pid_alive PIDFILE: true when the pid file names a live process.
pid_alive() {
    local pid
    [[ -s $1 ]] || return 1
    pid=$(tr -dc '0-9' <"$1")
    [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null
}

# wait_until SECONDS DESCRIPTION CMD...: poll CMD every 2 s until it succeeds.
wait_until() {
    local secs=$1 what=$2; shift 2
    local deadline=$((SECONDS + secs))
    until "$@"; do
        if ((SECONDS >= deadline)); then
            err "timed out after ${secs}s waiting for $what"
            return 1
        fi
        sleep 2
    done
}

show_log_tail() { # show_log_tail LOGFILE...
    local f
    for f in "$@"; do
        [[ -f $f ]] || continue
        # Error reports span many lines; their first line (text right after
        # the Erlang pid) usually names the cause, e.g. a port in use.
        if grep -qE '\[(error|critical)\] <[^>]*> [^ ]' "$f"; then
            echo "---- last error headlines in $f ----" >&2
            grep -E '\[(error|critical)\] <[^>]*> [^ ]' "$f" | tail -n 8 | cut -c1-300 >&2
        fi
        echo "---- last 20 lines of $f ----" >&2
        tail -n 20 "$f" | cut -c1-400 >&2
    done
}

# own_node_env NODE AMQP_PORT DIST_PORT DIR PID_FILE: the environment of a node
# that lives in DIR (a cluster node, the try-config node), as NAME=value lines.
# +sbwt none...: no scheduler busy-waiting, so idle nodes sharing 2 cores don't
# burn CPU that the benchmarks need.
own_node_env() {
    local node=$1 amqp=$2 dist=$3 dir=$4 pid_file=$5
    cat <<ENV
RABBITMQ_NODENAME=$node
RABBITMQ_NODE_PORT=$amqp
RABBITMQ_DIST_PORT=$dist
RABBITMQ_MNESIA_BASE=$dir/mnesia
RABBITMQ_MNESIA_DIR=$dir/mnesia/$node
RABBITMQ_LOG_BASE=$dir/log
RABBITMQ_PID_FILE=$pid_file
RABBITMQ_ENABLED_PLUGINS_FILE=$dir/enabled_plugins
RABBITMQ_CONFIG_FILE=$dir/rabbitmq.conf
RABBITMQ_CONF_ENV_FILE=$dir/rabbitmq-env.conf
RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS=+sbwt none +sbwtdcpu none +sbwtdio none
ENV
}

# write_env_conf FILE < env lines: the same values as rabbitmq-env.conf, which
# uses names without the RABBITMQ_ prefix (and must not name itself), so the
# global /etc/rabbitmq/rabbitmq-env.conf never applies and a human can
# reproduce the node's settings.
write_env_conf() {
    grep -v '^RABBITMQ_CONF_ENV_FILE=' | sed -e 's/^RABBITMQ_//' -e 's/=\(.* .*\)$/="\1"/' >"$1"
}
