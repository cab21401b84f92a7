# shellcheck shell=bash
# scripts/broker, sourced: booting a throwaway node on a given rabbitmq.conf to see what the broker makes of it (try-config).

# ------------------------------------------------------------ try-config --
# A throw-away node that proves a rabbitmq.conf is accepted by this broker version: cuttlefish rejects unknown
# keys and bad values at boot, so "the node runs" is the test. Its own name, ports and dirs, so the single node
# and the cluster are never touched.

readonly CFG_BASE=$RMQ_HOME/rabbittune-cfg
readonly CFG_NODE="rabbit-cfg@$SHORT_HOST"
readonly CFG_AMQP=5790 CFG_MGMT=15790 CFG_PROM=15890 CFG_STREAM=5890 CFG_DIST=25790
CFG_LAUNCHER=""

cfg_env() {
    own_node_env "$CFG_NODE" "$CFG_AMQP" "$CFG_DIST" "$CFG_BASE" "$CFG_BASE/rabbit.pid"
}

# cfg_app_param KEY: "app param" of the application environment entry a rabbitmq.conf key ends up in.
cfg_app_param() {
    local key=$1 first=${1%%.*} rest=${1#*.}
    rest=${rest%%.*}
    case $key in
        management_agent.*) echo "rabbitmq_management_agent $rest" ;;
        management.*)       echo "rabbitmq_management $rest" ;;
        prometheus.*)       echo "rabbitmq_prometheus $rest" ;;
        stream.*)           echo "rabbitmq_stream $rest" ;;
        raft.*)             echo "ra $rest" ;;
        *)                  echo "rabbit $first" ;;
    esac
}

# cfg_keys FILE: the keys set in a rabbitmq.conf, one a line, in order, without duplicates.
cfg_keys() { sed -n -e 's/^[[:space:]]*\([A-Za-z0-9_.$-]*\)[[:space:]]*=.*/\1/p' "$1" | awk '!seen[$0]++'; }

# cfg_wait: until the node has booted and its management API answers; fails as soon as the VM exits.
cfg_wait() {
    local deadline=$((SECONDS + WAIT_SECS)) start=$SECONDS
    until node_pings "$CFG_NODE" && mgmt_ok "$CFG_MGMT"; do
        if ! kill -0 "$CFG_LAUNCHER" 2>/dev/null; then
            err "the Erlang VM of $CFG_NODE exited during boot"
            return 1
        fi
        ((SECONDS < deadline)) || { err "timed out after ${WAIT_SECS}s waiting for $CFG_NODE"; return 1; }
        sleep 2
    done
    log "$CFG_NODE up after $((SECONDS - start))s"
}

cfg_cleanup() {
    stop_node "$CFG_NODE" "$CFG_BASE/rabbit.pid" >/dev/null 2>&1 || true
    if pid_alive "$CFG_BASE/rabbit.pid"; then
        kill -KILL "$(tr -dc '0-9' <"$CFG_BASE/rabbit.pid")" 2>/dev/null || true
    fi
    if [[ -n ${CFG_LAUNCHER:-} ]]; then wait "$CFG_LAUNCHER" 2>/dev/null || true; fi
    rm -rf "$CFG_BASE"
}

cmd_try_config() {
    local file=${1:-}
    [[ -n $file ]] || usage
    need_root try-config "$file"
    [[ -f $file && -r $file ]] || { err "cannot read $file"; exit 2; }
    is_installed || cmd_install
    fix_ownership_base
    if node_pings "$CFG_NODE" || pid_alive "$CFG_BASE/rabbit.pid"; then
        err "$CFG_NODE is already running (another try-config?); not touching it"
        exit 1
    fi
    rm -rf "$CFG_BASE"
    install -d -o "$RMQ_USER" -g "$RMQ_USER" -m 750 "$CFG_BASE" "$CFG_BASE/mnesia" "$CFG_BASE/log"
    trap cfg_cleanup EXIT
    # The file under test first, then this node's ports: the last occurrence of a key wins.
    {
        cat "$file"
        printf '\n# added by %s try-config: the throw-away node'"'"'s own ports\n' "$PROG"
        echo "listeners.tcp.default = $CFG_AMQP"
        echo "management.tcp.port = $CFG_MGMT"
        echo "prometheus.tcp.port = $CFG_PROM"
        echo "stream.listeners.tcp.1 = $CFG_STREAM"
    } >"$CFG_BASE/rabbitmq.conf"
    cfg_env | write_env_conf "$CFG_BASE/rabbitmq-env.conf"
    local plugins
    plugins=$(IFS=,; echo "${PLUGINS[*]}")
    echo "[$plugins]." >"$CFG_BASE/enabled_plugins"
    chown -R "$RMQ_USER:$RMQ_USER" "$CFG_BASE"

    local vars=()
    mapfile -t vars < <(cfg_env)
    # Not -detached: a config error stops the VM before it writes its pid file or log, and the reason is printed
    # on stdout only; running it in the background with stdout in a file keeps both the reason and the exit.
    log "starting $CFG_NODE on $file (amqp=$CFG_AMQP management=$CFG_MGMT dist=$CFG_DIST)"
    as_rabbit "${vars[@]}" ERL_CRASH_DUMP="$CFG_BASE/erl_crash.dump" "$RMQ_BIN/rabbitmq-server" \
        >"$CFG_BASE/log/console.log" 2>&1 </dev/null &
    CFG_LAUNCHER=$!
    if ! cfg_wait; then
        err "$CFG_NODE did not boot on $file"
        show_log_tail "$CFG_BASE/log/console.log" "$CFG_BASE/log/$CFG_NODE.log"
        exit 1
    fi
    log "$CFG_NODE runs on $file; effective values:"
    local key app param terms=() list
    while read -r key; do
        read -r app param < <(cfg_app_param "$key")
        terms+=("{\"$key\",$app,$param}")
    done < <(cfg_keys "$file")
    list=$(IFS=,; echo "${terms[*]}")
    ctl -q -n "$CFG_NODE" eval "
        lists:foreach(fun({K, A, P}) ->
            io:format(\"effective ~s => ~s.~s = ~0p~n\", [K, A, P, application:get_env(A, P)]) end, [$list]),
        io:format(\"effective memory_limit_bytes = ~p~n\", [vm_memory_monitor:get_memory_limit()]),
        io:format(\"effective disk_free_limit_bytes = ~p~n\", [rabbit_disk_monitor:get_disk_free_limit()]),
        ok." | grep '^effective '
    log "stopping $CFG_NODE and removing $CFG_BASE"
}
