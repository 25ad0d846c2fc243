#!/usr/bin/env bash
# SMTP acceptance benchmark (issue 4): Postfix's smtp-source drives, on 127.0.0.1 and in one run,
#   1. smtp-sink                     the protocol bound (answers 250 to everything, stores nothing)
#   2. Postfix, accept to its queue  a private instance; every message goes to the hold queue
#   3. Postfix, accept and deliver   the same instance delivering into a Maildir while it accepts
#   4. Paperpath, accept to its queue  the standalone jar with queue-service and delivery switched off
#   5. Paperpath standalone          250 only after fsync + Kafka ack; delivery runs concurrently
# each with 20 sessions and with 1 session, 4 KiB messages, one recipient, one message per connection
# (smtp-source's default). See README.md next to this script for what is measured and why.
#
# Usage: bench/smtp-bench/run.sh            (as root: Postfix needs it; takes about 6-10 minutes)
# Environment:
#   BENCH_SECONDS=12        target length of each measured run (message count calibrated per target)
#   BENCH_MAX_MESSAGES=60000  upper bound on messages per measured run
#   BENCH_WARMUP_MESSAGES=10000  warm-up messages before each 20-session run (a fifth before 1 session)
#   BENCH_DIR=/var/tmp      where the scratch directory is made; must be a real disk, not tmpfs
#   BENCH_JAR=<path>        use this paperpath.jar instead of building one
#   BENCH_JAVA_OPTS=...     extra JVM options for Paperpath
#   BENCH_JFR=<file>        record a JFR profile (settings=profile) of Paperpath into <file>
#   BENCH_ONLY="sink postfix paperpath-hold paperpath"   run a subset
#   BENCH_KEEP=1            keep the scratch directory (logs, queues, Maildirs); kept anyway on failure
#   BENCH_STALL_SECONDS=600 give up when delivery makes no progress for this long
#   BENCH_SETTLE_SECONDS=90 quiet time after a mass deletion before a server is measured (see measure)
#   BENCH_STEPS=N           time a lone session step by step (steps.py, N messages a run) instead of rates
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BENCH_SECONDS=${BENCH_SECONDS:-12}
MAX_MESSAGES=${BENCH_MAX_MESSAGES:-60000}
WARMUP=${BENCH_WARMUP_MESSAGES:-10000}
MIN_MESSAGES=200
ONLY=${BENCH_ONLY:-"sink postfix paperpath-hold paperpath"}
SIZE=4096
DOMAIN=bench.test
LOCAL=u
RCPT=$LOCAL@$DOMAIN
FROM=sender@source.test
HELO=source.test
TOKEN=bench-admin-token-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')
# Seconds without one more delivered message before the run is declared broken. Generous: Paperpath's
# queue-service works through delivery results one at a time, and while it does, no new message
# reaches the Maildir for minutes after a long run.
STALL_LIMIT=${BENCH_STALL_SECONDS:-600}

WORK=
SINK_PID=
PP_PID=
SOURCE_PID=
PF_CONF=
RESULTS=
FAILED=

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() {
    log "FAILED: $*"
    if [ -n "$PP_PID" ] && kill -0 "$PP_PID" 2>/dev/null && command -v jstack >/dev/null; then
        jstack "$PP_PID" >"$WORK/paperpath-threads.txt" 2>&1 && log "Paperpath's threads: $WORK/paperpath-threads.txt"
    fi
    FAILED=1
    exit 1
}

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    set +e
    if [ -n "$SOURCE_PID" ]; then kill "$SOURCE_PID" 2>/dev/null; wait "$SOURCE_PID" 2>/dev/null; fi
    if [ -n "$SINK_PID" ]; then kill "$SINK_PID" 2>/dev/null; wait "$SINK_PID" 2>/dev/null; fi
    if [ -n "$PP_PID" ] && kill -0 "$PP_PID" 2>/dev/null; then
        log "stopping Paperpath (SIGTERM)"
        kill -TERM "$PP_PID"
        for _ in $(seq 1 90); do kill -0 "$PP_PID" 2>/dev/null || break; sleep 1; done
        kill -0 "$PP_PID" 2>/dev/null && { log "Paperpath still running after 90 s: SIGKILL"; kill -KILL "$PP_PID"; }
        wait "$PP_PID" 2>/dev/null
    fi
    if [ -n "$PF_CONF" ] && [ -f "$PF_CONF/main.cf" ]; then
        if postfix -c "$PF_CONF" status >/dev/null 2>&1; then
            log "stopping the private Postfix"
            postfix -c "$PF_CONF" stop >/dev/null 2>&1 || postfix -c "$PF_CONF" abort >/dev/null 2>&1
        fi
    fi
    if [ -n "$WORK" ] && [ -d "$WORK" ]; then
        if [ "${BENCH_KEEP:-0}" = 1 ] || [ -n "$FAILED" ]; then log "kept $WORK (logs, queues, Maildirs)"; else rm -rf "$WORK"; fi
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'log interrupted; exit 130' INT
trap 'log terminated; exit 143' TERM

# --- checks ---------------------------------------------------------------------------------------

[ "$(id -u)" = 0 ] || die "run as root: the private Postfix instance needs it"
for program in smtp-source smtp-sink postfix postconf java curl ss bc; do
    command -v "$program" >/dev/null || die "$program not found (apt-get install postfix curl iproute2 bc openjdk-17-jdk-headless)"
done
[ "${BENCH_STEPS:-0}" = 0 ] || command -v python3 >/dev/null || die "BENCH_STEPS needs python3"
WORK=$(mktemp -d "${BENCH_DIR:-/var/tmp}/smtp-bench.XXXXXX")
chmod 755 "$WORK" # Postfix daemons run as user postfix and must reach their queue below it
fstype=$(stat -f -c %T "$WORK")
[ "$fstype" != tmpfs ] && [ "$fstype" != ramfs ] || die "$WORK is on $fstype: put BENCH_DIR on a real disk"
RESULTS=$WORK/results.txt

# A port nobody listens on and no connection uses (checked, not reserved: the window is the same for
# every server), below the kernel's ephemeral range: smtp-source's tens of thousands of connections
# leave their client ports in TIME_WAIT there, and a server that drew one of them could not bind it
# (two runs of session 6 died at start with "Port ... was already in use").
EPHEMERAL_FIRST=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
free_port() {
    local port
    while :; do
        port=$(( 10000 + RANDOM % (EPHEMERAL_FIRST - 10000) ))
        [ -z "$(ss -Htan "sport = :$port")" ] && { echo "$port"; return; }
    done
}

now() { date +%s.%N; }

# --- the jar ------------------------------------------------------------------------------------

JAR=$WORK/paperpath.jar
if [[ " $ONLY " == *" paperpath "* || " $ONLY " == *" paperpath-hold "* ]]; then
    if [ -n "${BENCH_JAR:-}" ]; then
        cp "$BENCH_JAR" "$JAR"
    else
        log "building standalone/target/paperpath.jar (offline)"
        if (cd "$ROOT" && ./mvnw -B -q -o -DskipTests install -pl standalone -am) >"$WORK/build.log" 2>&1; then
            cp "$ROOT/standalone/target/paperpath.jar" "$JAR"
        else
            log "the working tree does not build (see below); building a clean clone of HEAD instead"
            tail -20 "$WORK/build.log" >&2
            git clone -q "$ROOT" "$WORK/clone"
            (cd "$WORK/clone" && ./mvnw -B -q -o -DskipTests package -pl standalone -am) >"$WORK/build-clone.log" 2>&1 \
                || { tail -40 "$WORK/build-clone.log" >&2; die "the clean clone does not build either"; }
            cp "$WORK/clone/standalone/target/paperpath.jar" "$JAR"
            rm -rf "$WORK/clone"
        fi
    fi
    # a copy, so a rebuild of the shared working tree cannot change the jar under a running JVM
fi

# --- measuring ----------------------------------------------------------------------------------

# smtp-source in the background, so a signal reaches the trap at once; fails if any reply was not
# the expected one (smtp-source aborts on the first, without -A).
source_run() { # port sessions messages
    smtp-source -s "$2" -m "$3" -l "$SIZE" -f "$FROM" -t "$RCPT" -M "$HELO" "127.0.0.1:$1" &
    SOURCE_PID=$!
    local rc=0
    wait "$SOURCE_PID" || rc=$?
    SOURCE_PID=
    return "$rc"
}

# Waits until count_fn prints at least $2; fails when nothing moves for STALL_LIMIT seconds.
await_count() { # count_fn expected what
    local seen last=-1 since
    since=$(date +%s)
    while :; do
        seen=$("$1")
        [ "$seen" -ge "$2" ] && return 0
        if [ "$seen" != "$last" ]; then last=$seen; since=$(date +%s); fi
        [ $(( $(date +%s) - since )) -lt "$STALL_LIMIT" ] || die "$3: $seen of $2 after ${STALL_LIMIT}s without progress"
        sleep 0.2
    done
}

count_files() { find "$@" -type f 2>/dev/null | wc -l; }

# CPU time (clock ticks, user + system) of a process and of its children it has reaped; a process
# that is gone counts 0. Field 2 of /proc/<pid>/stat may contain spaces: cut after the last ')'.
ticks_of() { # pid [with-reaped-children]
    local stat
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || { echo 0; return; }
    set -- "$1" "${2:-}" ${stat##*) }
    if [ -n "$2" ]; then echo $(( ${14} + ${15} + ${16} + ${17} )); else echo $(( ${14} + ${15} )); fi
}
# Postfix is a process tree: the master, with what it reaped, plus every live child of the master.
postfix_ticks() {
    local master total pid
    master=$(tr -d ' ' <"$PF/queue/pid/master.pid")
    total=$(ticks_of "$master" children)
    for pid in $(ps -o pid= --ppid "$master"); do total=$(( total + $(ticks_of "$pid") )); done
    echo "$total"
}
sink_ticks() { ticks_of "$SINK_PID"; }
paperpath_ticks() { ticks_of "$PP_PID"; }
CLK_TCK=$(getconf CLK_TCK)
CPU_FN= # the ticks function of the server being measured

# One configuration: a warm-up run (also the rate estimate), drain, then the measured run with a
# message count that lasts about BENCH_SECONDS. Prints "messages seconds" of the measured run.
# $4 (optional): a function "settle <expected-total>" called after each run (drain delivery).
ACCEPTED=0 # messages the current server answered 250 to, across warm-up and measured runs

# Mass deletions make the next creates slow on ext4 without a journal (this machine's volume:
# /sys/fs/ext4/<dev>/journal_task is <none>): for 60 s after an inode is freed, and 300 s more while
# its inode-table block is still dirty, ext4 skips it when it allocates, scanning past every such
# inode in find_inode_bit/recently_deleted. A server measured right after postfix-deliver freed its
# queue files, or after a previous run's scratch directory was removed, spent most of its CPU there
# (perf: 20 sessions fell from ~1500 to ~950 msg/s, system time 55-76 %). So no server is measured
# until SETTLE seconds have passed since the last deletion this script knows of: its start (a run
# before it may just have removed its scratch directory) and the end of every delivering configuration.
SETTLE=${BENCH_SETTLE_SECONDS:-90}
STEPS=${BENCH_STEPS:-0}
LAST_DELETION=$(date +%s)
settle_deletions() {
    local wait=$(( LAST_DELETION + SETTLE - $(date +%s) ))
    if [ "$wait" -gt 0 ]; then
        log "waiting ${wait}s for freed inodes to settle (BENCH_SETTLE_SECONDS=$SETTLE)"
        sleep "$wait"
    fi
}

measure() { # label port sessions [settle]
    local label=$1 port=$2 sessions=$3 settle=${4:-}
    if [ "$STEPS" != 0 ]; then measure_steps "$@"; return; fi
    settle_deletions
    # Also the JIT's warm-up: with 2000 messages C2 was still compiling Paperpath's ingress and broker
    # through the measured run (2.6 ms of CPU per message, against 1.3 ms after 20000).
    local warm=$(( sessions == 1 ? WARMUP / 5 : WARMUP ))
    local t0 t1 rate n e2e=- c0 c1
    log "$label, $sessions session(s): warm-up, $warm messages"
    t0=$(now); source_run "$port" "$sessions" "$warm" || die "$label: smtp-source failed in the warm-up"; t1=$(now)
    ACCEPTED=$(( ACCEPTED + warm ))
    [ -z "$settle" ] || "$settle" "$ACCEPTED"
    rate=$(echo "$warm / ($t1 - $t0)" | bc -l)
    local attempt
    for attempt in 1 2 3; do
        n=$(echo "r = $rate * $BENCH_SECONDS * 1.1; scale=0; r / 1" | bc)
        [ "$n" -ge "$MIN_MESSAGES" ] || n=$MIN_MESSAGES
        [ "$n" -le "$MAX_MESSAGES" ] || n=$MAX_MESSAGES
        log "$label, $sessions session(s): $n messages (load average $(cut -d' ' -f1-3 /proc/loadavg))"
        c0=$("$CPU_FN")
        t0=$(now); source_run "$port" "$sessions" "$n" || die "$label: smtp-source failed"; t1=$(now)
        c1=$("$CPU_FN")
        ACCEPTED=$(( ACCEPTED + n ))
        [ -z "$settle" ] || "$settle" "$ACCEPTED"
        e2e=$(now)
        # The warm-up's rate underestimates a warmed-up server: a run shorter than 85 % of the target
        # (10.2 s of the default 12) becomes one more warm-up, and the next is sized from its rate.
        [ "$n" -lt "$MAX_MESSAGES" ] && [ "$(echo "($t1 - $t0) < 0.85 * $BENCH_SECONDS" | bc -l)" = 1 ] && [ "$attempt" -lt 3 ] \
            || break
        rate=$(echo "$n / ($t1 - $t0)" | bc -l)
        log "$label, $sessions session(s): $n in $(echo "scale=2; ($t1 - $t0) / 1" | bc -l)s, too short; again"
    done
    if [ -n "$settle" ]; then e2e=$(echo "scale=1; $n / ($e2e - $t0)" | bc -l); else e2e=-; fi
    local secs mps cpu cores
    secs=$(echo "scale=2; ($t1 - $t0) / 1" | bc -l)
    mps=$(echo "scale=1; $n / ($t1 - $t0)" | bc -l)
    # the server's CPU during the measured run (delivery included where it runs concurrently)
    cpu=$(echo "scale=3; ($c1 - $c0) * 1000 / $CLK_TCK / $n" | bc -l)
    cores=$(echo "scale=2; ($c1 - $c0) / $CLK_TCK / ($t1 - $t0)" | bc -l)
    log "$label, $sessions session(s): $n in ${secs}s = $mps msg/s accepted; accepted and delivered: $e2e msg/s;" \
        "server CPU $cpu ms/msg ($cores cores)"
    printf '%s|%s|%s|%s|%s|%s|%s|%s\n' "$label" "$sessions" "$n" "$secs" "$mps" "$e2e" "$cpu" "$cores" >>"$RESULTS"
    # A delivering configuration freed queue files or spool bodies while it ran.
    [ -z "$settle" ] || LAST_DELETION=$(date +%s)
}

# BENCH_STEPS=N: instead of rates, where a lone session's time goes, step by step (steps.py): for
# each hold configuration, one warm-up of N messages, then three timed runs of N each. The 20-session
# and delivering configurations are skipped.
measure_steps() { # label port sessions [settle]
    [ -z "${4:-}" ] && [ "$3" = 1 ] || return 0
    settle_deletions
    log "$1: steps, warm-up of $STEPS messages"
    python3 "$ROOT/bench/smtp-bench/steps.py" "$2" "$STEPS" "$RCPT" >/dev/null || die "$1: steps.py failed"
    ACCEPTED=$(( ACCEPTED + STEPS ))
    local run line
    for run in 1 2 3; do
        line=$(python3 "$ROOT/bench/smtp-bench/steps.py" "$2" "$STEPS" "$RCPT") || die "$1: steps.py failed"
        ACCEPTED=$(( ACCEPTED + STEPS ))
        log "$1 steps (ms): $line"
        printf '%-14s %s\n' "$1" "$line" >>"$WORK/steps.txt"
    done
}

# --- 1. smtp-sink ---------------------------------------------------------------------------------

run_sink() {
    local port
    port=$(free_port)
    smtp-sink -u nobody "127.0.0.1:$port" 256 &
    SINK_PID=$!
    for _ in $(seq 1 50); do [ -n "$(ss -Htln "sport = :$port")" ] && break; sleep 0.1; done
    ACCEPTED=0
    CPU_FN=sink_ticks
    measure "smtp-sink" "$port" 20
    measure "smtp-sink" "$port" 1
    kill "$SINK_PID"; wait "$SINK_PID" 2>/dev/null || true; SINK_PID=
}

# --- 2, 3. a private Postfix ----------------------------------------------------------------------

PF=
postfix_hold_count() { count_files "$PF/queue/hold"; }
postfix_delivered_count() { count_files "$PF/mail/$DOMAIN/$LOCAL/new" "$PF/mail/$DOMAIN/$LOCAL/cur"; }
postfix_settle() { await_count postfix_delivered_count "$1" "Postfix delivery"; }

run_postfix() {
    local port
    PF=$WORK/postfix
    port=$(free_port)
    mkdir -p "$PF/etc" "$PF/queue" "$PF/data" "$PF/mail"
    chown postfix "$PF/data"
    chown 65534:65534 "$PF/mail"
    # Its own main.cf and master.cf; /etc/postfix is never read or written (postfix -c).
    cat >"$PF/etc/main.cf" <<EOF
compatibility_level = 3.6
queue_directory = $PF/queue
data_directory = $PF/data
mail_owner = postfix
setgid_group = postdrop
maillog_file = $PF/postfix.log
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
myhostname = postfix.bench.local
mydomain = bench.local
myorigin = \$myhostname
mynetworks = 127.0.0.0/8
mydestination =
alias_maps =
alias_database =
# Like Paperpath: no relaying for anybody, not even loopback.
smtpd_relay_restrictions = reject_unauth_destination
# The test domain is delivered by virtual(8) into one Maildir, as Paperpath's delivery-local does.
virtual_mailbox_domains = $DOMAIN
virtual_mailbox_base = $PF/mail
virtual_mailbox_maps = static:$DOMAIN/$LOCAL/
virtual_uid_maps = static:65534
virtual_gid_maps = static:65534
EOF
    cat >"$PF/etc/master.cf" <<EOF
127.0.0.1:$port inet n - n - - smtpd
pickup    unix n - n 60 1 pickup
cleanup   unix n - n - 0 cleanup
qmgr      unix n - n 300 1 qmgr
rewrite   unix - - n - - trivial-rewrite
bounce    unix - - n - 0 bounce
defer     unix - - n - 0 bounce
trace     unix - - n - 0 bounce
verify    unix - - n - 1 verify
flush     unix n - n 1000? 0 flush
proxymap  unix - - n - - proxymap
showq     unix n - n - - showq
error     unix - - n - - error
retry     unix - - n - - error
discard   unix - - n - - discard
virtual   unix - n n - - virtual
anvil     unix - - n - 1 anvil
scache    unix - - n - 1 scache
postlog   unix-dgram n - n - 1 postlogd
EOF
    PF_CONF=$PF/etc
    # 2. accept to the queue only: every message is put on hold by a client restriction that matches
    #    all clients; cleanup still writes and fsyncs the queue file before smtpd answers 250.
    postconf -c "$PF_CONF" -e 'smtpd_client_restrictions = check_client_access static:HOLD'
    postfix -c "$PF_CONF" check
    postfix -c "$PF_CONF" start >/dev/null 2>&1 || { cat "$PF/postfix.log" >&2 || true; die "Postfix did not start"; }
    for _ in $(seq 1 50); do [ -n "$(ss -Htln "sport = :$port")" ] && break; sleep 0.1; done
    log "Postfix $(postconf -c "$PF_CONF" -h mail_version) on 127.0.0.1:$port, config $PF_CONF"
    ACCEPTED=0
    CPU_FN=postfix_ticks
    measure "postfix-hold" "$port" 20
    measure "postfix-hold" "$port" 1
    local held
    held=$(postfix_hold_count)
    log "Postfix accepted $ACCEPTED, on hold in its queue: $held"
    [ "$held" -eq "$ACCEPTED" ] || die "Postfix held $held of $ACCEPTED accepted messages"
    printf 'postfix-hold accepted %s held %s\n' "$ACCEPTED" "$held" >>"$WORK/counts.txt"

    # 3. accept and deliver: no hold, qmgr and virtual(8) deliver while smtpd accepts.
    postconf -c "$PF_CONF" -e 'smtpd_client_restrictions ='
    postfix -c "$PF_CONF" reload >/dev/null 2>&1
    sleep 1
    ACCEPTED=0
    measure "postfix-deliver" "$port" 20 postfix_settle
    measure "postfix-deliver" "$port" 1 postfix_settle
    log "Postfix accepted $ACCEPTED, delivered: $(postfix_delivered_count)"
    printf 'postfix-deliver accepted %s delivered %s\n' "$ACCEPTED" "$(postfix_delivered_count)" >>"$WORK/counts.txt"
    postfix -c "$PF_CONF" stop >/dev/null 2>&1
    PF_CONF=
}

# --- 4. Paperpath --------------------------------------------------------------------------------

PP_DATA=
PP_SMTP=
# Messages only: a delivery's marker is in new/ as .paperpath-<hash> for a moment (ADR 0003).
paperpath_delivered_count() { find "$PP_DATA/mail/$DOMAIN/$LOCAL/new" "$PP_DATA/mail/$DOMAIN/$LOCAL/cur" -type f ! -name '.*' 2>/dev/null | wc -l; }
paperpath_settle() { await_count paperpath_delivered_count "$1" "Paperpath delivery"; }

# Starts the jar with its data in $1 and any further arguments, sets up the test domain and mailbox,
# and waits until the ingress accepts the recipient (counted in ACCEPTED).
start_paperpath() {
    local data=$1; shift
    local http
    PP_DATA=$data
    PP_SMTP=$(free_port); http=$(free_port)
    local jvm=()
    # shellcheck disable=SC2206
    [ -z "${BENCH_JAVA_OPTS:-}" ] || jvm+=($BENCH_JAVA_OPTS)
    [ -z "${BENCH_JFR:-}" ] || jvm+=("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=$BENCH_JFR")
    # Ports from the README's settings table; max-connections-per-ip raised from 20 because smtp-source
    # opens 20 sessions from one address and reconnects for every message (Postfix exempts
    # $mynetworks from its connection limits).
    PAPERPATH_DATA_DIR=$PP_DATA PAPERPATH_ADMIN_TOKEN=$TOKEN PAPERPATH_HOSTNAME=paperpath.bench.local \
    PAPERPATH_SMTP_PORT=$PP_SMTP PAPERPATH_SMTP_SUBMISSION_PORT=$(free_port) PAPERPATH_SMTP_SMTPS_PORT=$(free_port) \
    PAPERPATH_POP3_PORT=$(free_port) PAPERPATH_IMAP_PORT=$(free_port) SERVER_PORT=$http \
        java "${jvm[@]}" -jar "$JAR" --paperpath.smtp.bind-address=127.0.0.1 --paperpath.pop3.bind-address=127.0.0.1 \
        --paperpath.imap.bind-address=127.0.0.1 --paperpath.smtp.max-connections-per-ip=200 "$@" \
        >"$PP_DATA.log" 2>&1 &
    PP_PID=$!
    log "Paperpath starting (pid $PP_PID), data in $PP_DATA ($fstype)${*:+, with $*}"
    local up=0
    for _ in $(seq 1 360); do
        kill -0 "$PP_PID" 2>/dev/null || { tail -40 "$PP_DATA.log" >&2; die "Paperpath exited"; }
        if curl -fsS "http://127.0.0.1:$http/actuator/health" 2>/dev/null | grep -q '"status":"UP"}$'; then up=1; break; fi
        sleep 0.5
    done
    [ "$up" = 1 ] || { tail -40 "$PP_DATA.log" >&2; die "Paperpath not healthy after 180 s"; }
    local api=(curl -fsS -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json')
    "${api[@]}" -X POST "http://127.0.0.1:$http/api/v1/domains" -d "{\"name\":\"$DOMAIN\"}" >/dev/null
    "${api[@]}" -X POST "http://127.0.0.1:$http/api/v1/domains/$DOMAIN/mailboxes" \
        -d "{\"localPart\":\"$LOCAL\",\"password\":\"bench password 1\"}" >/dev/null
    # The ingress learns of the mailbox through the directory topic: send single messages until one is
    # accepted (a refused RCPT makes smtp-source fail; an accepted message counts like any other).
    ACCEPTED=0
    local probes=0
    until smtp-source -m 1 -l "$SIZE" -f "$FROM" -t "$RCPT" -M "$HELO" "127.0.0.1:$PP_SMTP" 2>/dev/null; do
        probes=$(( probes + 1 ))
        [ "$probes" -lt 150 ] || die "Paperpath never accepted $RCPT"
        sleep 0.2
    done
    ACCEPTED=1
    CPU_FN=paperpath_ticks
    log "Paperpath accepts $RCPT on 127.0.0.1:$PP_SMTP"
}

stop_paperpath() {
    log "stopping Paperpath (SIGTERM)"
    kill -TERM "$PP_PID"
    for _ in $(seq 1 90); do kill -0 "$PP_PID" 2>/dev/null || break; sleep 1; done
    if kill -0 "$PP_PID" 2>/dev/null; then log "Paperpath still running after 90 s: SIGKILL"; kill -KILL "$PP_PID"; fi
    wait "$PP_PID" 2>/dev/null || true # its exit status (143 after SIGTERM) is not the bench's
    PP_PID=
}

# Committed spool bodies (<spool>/<xx>/<queue id>): with queue-service off, none is ever freed.
paperpath_spooled_count() { find "$PP_DATA/spool" -mindepth 2 -maxdepth 2 -type f -path '*/[0-9A-F][0-9A-F]/*' | wc -l; }

# smtp-ingress accepting to its queue, as postfix-hold does: the same standalone jar with queue-service
# and the delivery services switched off, so the ingress and the broker have the machine to
# themselves and every accepted message stays as its spool body and its record on the accepted topic.
run_paperpath_hold() {
    start_paperpath "$WORK/paperpath-hold-data" --paperpath.queue.enabled=false \
        --paperpath.delivery-local.enabled=false --paperpath.delivery-remote.enabled=false
    measure "paperpath-hold" "$PP_SMTP" 20
    measure "paperpath-hold" "$PP_SMTP" 1
    local spooled
    spooled=$(paperpath_spooled_count)
    log "Paperpath (hold) accepted $ACCEPTED, bodies in the spool: $spooled"
    printf 'paperpath-hold accepted %s spooled %s\n' "$ACCEPTED" "$spooled" >>"$WORK/counts.txt"
    [ "$spooled" -eq "$ACCEPTED" ] || die "Paperpath (hold) spooled $spooled of $ACCEPTED accepted messages"
    stop_paperpath
}

run_paperpath() {
    start_paperpath "$WORK/paperpath-data"
    measure "paperpath" "$PP_SMTP" 20 paperpath_settle
    measure "paperpath" "$PP_SMTP" 1 paperpath_settle
    local delivered
    delivered=$(paperpath_delivered_count)
    log "Paperpath accepted $ACCEPTED, delivered into the Maildir: $delivered"
    printf 'paperpath accepted %s delivered %s\n' "$ACCEPTED" "$delivered" >>"$WORK/counts.txt"
    [ "$delivered" -eq "$ACCEPTED" ] || die "Paperpath delivered $delivered of $ACCEPTED accepted messages"
    stop_paperpath
}

# --- the run --------------------------------------------------------------------------------------

log "smtp-bench: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(uname -r)," \
    "scratch $WORK ($fstype), ${SIZE}-byte messages, ~${BENCH_SECONDS}s per measured run"
: >"$RESULTS"
: >"$WORK/counts.txt"
for part in $ONLY; do
    case $part in
        sink) run_sink ;;
        postfix) run_postfix ;;
        paperpath-hold) run_paperpath_hold ;;
        paperpath) run_paperpath ;;
        *) die "unknown part '$part' in BENCH_ONLY" ;;
    esac
done

rate_of() { awk -F'|' -v l="$1" -v s="$2" -v c="${3:-5}" '$1 == l && $2 == s { print $c }' "$RESULTS"; }
ratio() { # label-a label-b sessions [column]
    local a b
    a=$(rate_of "$1" "$3" "${4:-5}"); b=$(rate_of "$2" "$3" "${4:-5}")
    if [ -n "$a" ] && [ -n "$b" ] && [ "$b" != - ] && [ "$a" != - ]; then echo "scale=2; $a / $b" | bc -l; else echo -; fi
}

echo
echo "smtp-bench $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, 4 KiB messages, 1 recipient, one message per connection"
printf '%-16s %8s %9s %8s %14s %24s %18s %11s\n' server sessions messages seconds "accepted msg/s" \
    "accepted+delivered msg/s" "server CPU ms/msg" "cores used"
while IFS='|' read -r label sessions n secs mps e2e cpu cores; do
    printf '%-16s %8s %9s %8s %14s %24s %18s %11s\n' "$label" "$sessions" "$n" "$secs" "$mps" "$e2e" "$cpu" "$cores"
done <"$RESULTS"
echo
for s in 20 1; do
    echo "sessions $s: paperpath-hold/postfix-hold $(ratio paperpath-hold postfix-hold $s)," \
        "paperpath/postfix-hold $(ratio paperpath postfix-hold $s)," \
        "paperpath/postfix-deliver $(ratio paperpath postfix-deliver $s) (accepted+delivered: $(ratio paperpath postfix-deliver $s 6))," \
        "paperpath/smtp-sink $(ratio paperpath smtp-sink $s)"
done
echo
cat "$WORK/counts.txt"
if [ -s "$WORK/steps.txt" ]; then
    echo
    echo "steps of a lone session, mean ms per message (steps.py, $STEPS messages per run):"
    cat "$WORK/steps.txt"
fi
