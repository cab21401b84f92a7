# shellcheck shell=bash
# scripts/broker, sourced: installing the Debian package and the standalone node on the default ports (start, stop, status).

# ---------------------------------------------------------------- install --

cmd_install() {
    need_root install
    if is_installed; then
        log "rabbitmq-server already installed: $(dpkg-query -W -f='${Version}' rabbitmq-server 2>/dev/null || echo '?')"
        return 0
    fi
    log "installing rabbitmq-server (Debian package)"
    # policy-rc.d exiting 101 tells invoke-rc.d "action forbidden", so the
    # package's postinst does not start a node on the default ports behind our
    # back (see /usr/share/doc/init-system-helpers/README.policy-rc.d.gz).
    local created_policy=0
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
        printf '#!/bin/sh\n# temporary, created by rabbittune %s\nexit 101\n' "$PROG" >/usr/sbin/policy-rc.d
        chmod 755 /usr/sbin/policy-rc.d
        created_policy=1
    fi
    local rc=0
    apt_install || rc=$?
    if ((created_policy)); then rm -f /usr/sbin/policy-rc.d; fi
    if ((rc != 0)) || ! is_installed; then
        err "apt-get install rabbitmq-server failed"
        exit 1
    fi
    log "installed rabbitmq-server $(dpkg-query -W -f='${Version}' rabbitmq-server)"
}

apt_install() {
    export DEBIAN_FRONTEND=noninteractive
    if apt-get install -y rabbitmq-server; then return 0; fi
    # Fresh machines may have no (or stale) package lists.
    log "apt-get install failed; running apt-get update and retrying"
    apt-get update
    apt-get install -y rabbitmq-server
}

# Directories the package creates; make sure a node running as rabbitmq can
# write them (a previous root-run command may have left root-owned files).
fix_ownership() {
    install -d -o "$RMQ_USER" -g "$RMQ_USER" "$RMQ_HOME" "$RMQ_LOG_DIR"
    chown -R "$RMQ_USER:$RMQ_USER" "$RMQ_HOME" "$RMQ_LOG_DIR"
    if [[ -f $RMQ_HOME/.erlang.cookie ]]; then chmod 400 "$RMQ_HOME/.erlang.cookie"; fi
}

# ----------------------------------------------------------- single node --

single_pid_file() { echo "$RMQ_HOME/mnesia/$SINGLE_NODE.pid"; }   # RABBITMQ_PID_FILE default
single_log_file() { echo "$RMQ_LOG_DIR/$SINGLE_NODE.log"; }

single_ready() { node_pings "$SINGLE_NODE" && mgmt_ok "$SINGLE_MGMT_PORT"; }

cmd_start() {
    need_root start
    is_installed || cmd_install
    if single_ready; then
        log "$SINGLE_NODE is already running (management http://localhost:$SINGLE_MGMT_PORT/)"
        return 0
    fi
    fix_ownership
    if pid_alive "$(single_pid_file)" || node_pings "$SINGLE_NODE"; then
        log "$SINGLE_NODE is booting already; waiting"
    else
        # --offline edits /etc/rabbitmq/enabled_plugins without a running node;
        # it keeps any other plugins already enabled there.
        log "enabling plugins ${PLUGINS[*]}"
        ctl_plugins --offline enable "${PLUGINS[@]}" >/dev/null
        log "starting $SINGLE_NODE (rabbitmq-server -detached)"
        rm -f "$(single_pid_file)"   # stale after a crash; wait_for_node relies on it
        as_rabbit "$RMQ_BIN/rabbitmq-server" -detached
    fi
    if ! wait_for_node "$SINGLE_NODE" "$SINGLE_MGMT_PORT" "$(single_pid_file)"; then
        err "$SINGLE_NODE did not come up; logs are in $RMQ_LOG_DIR/"
        show_log_tail "$(single_log_file)"
        exit 1
    fi
    log "$SINGLE_NODE is running: AMQP 5672, management http://localhost:15672/ (guest/guest), prometheus http://localhost:15692/metrics, stream 5552"
}

ctl_plugins() { as_rabbit "$RMQ_BIN/rabbitmq-plugins" "$@"; }

# wait_for_node NODE MGMT_PORT PIDFILE: the node is "up" when the broker app
# has fully booted (ping, then await_startup, which also waits for the
# plugins) and the management API answers. Fails early when the VM dies
# during boot (e.g. a port is taken): the pid file is written early in boot.
wait_for_node() {
    local node=$1 port=$2 pidfile=$3 start=$SECONDS
    local deadline=$((SECONDS + WAIT_SECS))
    until node_pings "$node"; do
        vm_check_alive "$pidfile" "$node" || return 1
        ((SECONDS < deadline)) || { err "timed out after ${WAIT_SECS}s waiting for $node to answer ping"; return 1; }
        sleep 2
    done
    local left=$((deadline - SECONDS)); ((left > 5)) || left=5
    ctl -q -n "$node" await_startup --timeout "$left" >/dev/null 2>&1 || true
    until mgmt_ok "$port"; do
        vm_check_alive "$pidfile" "$node" || return 1
        ((SECONDS < deadline)) || { err "timed out after ${WAIT_SECS}s waiting for the management API of $node on port $port"; return 1; }
        sleep 2
    done
    log "$node up after $((SECONDS - start))s"
}

vm_check_alive() { # vm_check_alive PIDFILE NODE
    if [[ -s $1 ]] && ! pid_alive "$1"; then
        err "the Erlang VM of $2 exited during boot"
        return 1
    fi
}

cmd_stop() {
    need_root stop
    if ! is_installed; then log "rabbitmq-server not installed; nothing to stop"; return 0; fi
    stop_node "$SINGLE_NODE" "$(single_pid_file)"
}

# stop_node NODE PIDFILE: graceful `rabbitmqctl stop`; it waits for the VM to
# exit when given the pid file. Idempotent.
stop_node() {
    local node=$1 pidfile=$2
    if node_pings "$node"; then
        log "stopping $node"
        if [[ -s $pidfile ]]; then
            ctl -q -n "$node" stop "$pidfile" >/dev/null
        else
            ctl -q -n "$node" stop >/dev/null
        fi
        log "$node stopped"
    elif pid_alive "$pidfile"; then
        # VM alive but not answering (e.g. still booting or wedged).
        log "$node does not answer; sending TERM to pid $(cat "$pidfile")"
        kill -TERM "$(tr -dc '0-9' <"$pidfile")" 2>/dev/null || true
        wait_until 30 "$node to exit" bash -c "! kill -0 $(tr -dc '0-9' <"$pidfile") 2>/dev/null" ||
            kill -KILL "$(tr -dc '0-9' <"$pidfile")" 2>/dev/null || true
    else
        log "$node is not running"
    fi
}

cmd_status() {
    need_root status
    if ! is_installed; then log "rabbitmq-server is not installed"; return 1; fi
    if ! node_pings "$SINGLE_NODE"; then
        log "$SINGLE_NODE is NOT running"
        return 1
    fi
    log "$SINGLE_NODE is running"
    log "version: $(diag -q -n "$SINGLE_NODE" server_version 2>/dev/null)"
    if mgmt_ok "$SINGLE_MGMT_PORT"; then
        log "management API: http://localhost:$SINGLE_MGMT_PORT/api/overview answers"
    else
        log "management API: http://localhost:$SINGLE_MGMT_PORT/ does NOT answer (yet)"
    fi
    log "listeners:"
    diag -q -n "$SINGLE_NODE" listeners 2>/dev/null | sed 's/^/  /'
}
