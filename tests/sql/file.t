#!/bin/sh
# tq hist -i FILE: histograms computed from a trace.dat, checked against counts made
# independently from tq report's text with awk (not the engine's own output echoed back),
# and its error paths.
. "$TQ_SRCDIR/tests/lib.sh"
. "$TQ_SRCDIR/tests/report/report-lib.sh"

command -v xz >/dev/null || skip_all "xz is not installed"
d=$(scratch_dir)
dat=$(fixture v7-zstd.dat)
"$TQ_PLAIN" report -t -i "$dat" >"$d/report.txt" 2>/dev/null || { ok 1 "tq report"; done_testing; exit; }

# key count per row of a table, as "count key" lines sorted, from tq hist --table output
rows() { awk 'NR > 1 && NF >= 2 && $1 != "hits:" { print $NF, $1 }' | sort; }

# 1. GROUP BY a string field
run_tq hist -i "$dat" 'SELECT prev_comm, count(*) FROM sched_switch GROUP BY prev_comm'
is "$rc" 0 "group by prev_comm: exit 0"
got=$(echo "$out" | rows)
want=$(awk '/ sched_switch: / { sub(/.* sched_switch: +/, ""); sub(/ \[[0-9]+\] .*/, "");
	sub(/:[0-9]+$/, ""); c[$0]++ } END { for (k in c) print c[k], k }' "$d/report.txt" | sort)
is "$got" "$want" "group by prev_comm: the counts of tq report's lines"
n=$(grep -c ' sched_switch: ' "$d/report.txt")
like "$out" "hits: $n  entries: $(echo "$want" | wc -l | tr -d ' ')  dropped: 0" \
	"group by prev_comm: totals"

# 2. a glob filter and ORDER BY a key
run_tq hist -i "$dat" 'SELECT next_pid, count(*) FROM sched_switch WHERE next_comm ~ "*kwork*" GROUP BY next_pid ORDER BY next_pid'
got=$(echo "$out" | awk 'NR > 1 && $1 ~ /^[0-9]+$/ { print $1, $2 }')
want=$(awk '/ sched_switch: .*==> kwork/ { sub(/.*==> /, ""); sub(/ .*/, ""); sub(/.*:/, "");
	c[$0]++ } END { for (k in c) print k, c[k] }' "$d/report.txt" | sort -n)
is "$got" "$want" "glob filter: next_comm ~ \"*kwork*\" counted as grep does"

# 3. the wakeup latency JOIN: onmatch() reads a start once; a new start overwrites it
q='SELECT log2(TIMESTAMP_DELTA_USECS) AS lat, count(*) FROM sched_waking AS s JOIN sched_switch AS e ON s.pid = e.next_pid GROUP BY lat'
run_tq hist -i "$dat" --table "$q"
is "$rc" 0 "wakeup latency: exit 0"
got=$(echo "$out" | awk 'NR > 1 && $1 == "~" { sub(/^2\^/, "", $2); print $2, $3 }' | sort -n)
want=$(awk '
	function us(t) { split(t, p, "."); return int((p[1] * 1000000000 + p[2] + 500) / 1000) }
	function log2(v, n) { if (v <= 1) return 0; n = 0; v = v - 1; while (v >= 1) { v = int(v / 2); n++ } return n }
	/ sched_waking: / { t = $3; sub(/:$/, "", t); pid = $0; sub(/.* pid=/, "", pid); sub(/ .*/, "", pid)
		ts[pid] = us(t); set[pid] = 1 }
	/ sched_switch: / { t = $3; sub(/:$/, "", t); pid = $0; sub(/.*==> /, "", pid); sub(/ .*/, "", pid)
		sub(/.*:/, "", pid)
		if (set[pid]) { set[pid] = 0; c[log2(us(t) - ts[pid])]++ } }
	END { for (k in c) print k, c[k] }' "$d/report.txt" | sort -n)
is "$got" "$want" "wakeup latency: the buckets of an awk replay of tq report"
[ -n "$want" ] && ok 0 "wakeup latency: the replay found matches" || ok 1 "the replay found matches"

# 3b. what only a file gives: min, max, avg and an exact median, against the same replay
qa='SELECT s.target_cpu AS c, min(TIMESTAMP_DELTA_USECS) AS lo, max(TIMESTAMP_DELTA_USECS) AS hi, avg(TIMESTAMP_DELTA_USECS) AS mean, p50(TIMESTAMP_DELTA_USECS) AS med, count(*) FROM sched_waking AS s JOIN sched_switch AS e ON s.pid = e.next_pid GROUP BY c ORDER BY c'
run_tq hist -i "$dat" --table "$qa"
gota=$(echo "$out" | awk 'NR > 1 && $1 ~ /^[0-9]+$/ { print $1, $2, $3, $4, $5, $6 }')
wanta=$(awk '
	function us(t) { split(t, p, "."); return int((p[1] * 1000000000 + p[2] + 500) / 1000) }
	/ sched_waking: / { t = $3; sub(/:$/, "", t); pid = $0; sub(/.* pid=/, "", pid); sub(/ .*/, "", pid)
		c = $0; sub(/.* target_cpu=0*/, "", c); if (c == "") c = 0
		ts[pid] = us(t); cpu[pid] = c + 0; set[pid] = 1 }
	/ sched_switch: / { t = $3; sub(/:$/, "", t); pid = $0; sub(/.*==> /, "", pid); sub(/ .*/, "", pid)
		sub(/.*:/, "", pid)
		if (set[pid]) { set[pid] = 0; k = cpu[pid]; l = us(t) - ts[pid]; n[k]++; sum[k] += l
			v[k, n[k]] = l
			if (n[k] == 1 || l < lo[k]) lo[k] = l; if (n[k] == 1 || l > hi[k]) hi[k] = l } }
	END { for (k in n) { m = n[k]; for (i = 1; i <= m; i++) a[i] = v[k, i]
		for (i = 2; i <= m; i++) { x = a[i]; for (j = i - 1; j >= 1 && a[j] > x; j--) a[j + 1] = a[j]; a[j + 1] = x }
		mean = sum[k] / m; ms = (mean == int(mean)) ? sprintf("%d", mean) : sprintf("%.2f", mean)
		print k, m, lo[k], hi[k], ms, a[int((50 * m + 99) / 100)] } }' "$d/report.txt" | sort -n)
is "$gota" "$wanta" "min, max, avg, p50: those of the awk replay"
run_tq sql -t "$(fixture_tracefs debian-6.1-amd64)" 'SELECT prev_comm, min(prev_prio) FROM sched_switch GROUP BY prev_comm'
like "$err" "min, max, avg and percentiles come from a file" "live: min() is refused, with the way to get it"

# 4. CREATE EVENT: a later statement reads the synthetic event the JOIN makes
run_tq hist -i "$dat" --table "CREATE EVENT w AS SELECT s.pid AS pid, TIMESTAMP_DELTA_USECS AS lat FROM sched_waking AS s JOIN sched_switch AS e ON s.pid = e.next_pid; SELECT log2(lat), count(*) FROM w"
got2=$(echo "$out" | awk 'NR > 1 && $1 == "~" { sub(/^2\^/, "", $2); print $2, $3 }' | sort -n)
is "$got2" "$want" "CREATE EVENT: the same buckets read from the synthetic event"

# 5. SIZE: a full table drops, and the totals say so
run_tq hist -i "$dat" 'SELECT TIMESTAMP, count(*) FROM sched_switch SIZE 100'
like "$out" "hits: 128  entries: 128  dropped: $((n - 128))" \
	"SIZE 100: 128 entries (the kernel's power of two), the rest dropped"

# 6. --from/--to: the same window as the timestamps tq report shows
run_tq hist -i "$dat" --from 1708.5 --to 1708.9 'SELECT prev_pid, count(*) FROM sched_switch GROUP BY prev_pid'
w=$(awk '/ sched_switch: / { t = $3; sub(/:$/, "", t); if (t >= 1708.5 && t <= 1708.9) n++ } END { print n + 0 }' "$d/report.txt")
like "$out" "hits: $w  " "--from/--to: the events of the window"

# 7. two files merged: each event counted once per file
run_tq hist -i "$dat" -i "$dat" 'SELECT prev_pid, count(*) FROM sched_switch GROUP BY prev_pid'
like "$out" "hits: $((n * 2))  " "two -i files: merged"

# 7b. two files whose saved cmdlines name pid 9788 differently: each file names its own
# tasks (its one sys_exit_write is named by no event, only by the cmdlines)
one=$(fixture v7-none.dat)
LC_ALL=C sed 's/^9788 sleep$/9788 slept/' "$one" >"$d/renamed.dat"
q='SELECT CPU, count(*) FROM syscalls.sys_exit_write WHERE COMM == "slept" GROUP BY CPU'
run_tq hist -i "$one" -i "$d/renamed.dat" "$q"
like "$out" "hits: 1  " "two -i files: the second file's events take its own comms"
run_tq hist -i "$d/renamed.dat" -i "$one" "$q"
like "$out" "hits: 1  " "two -i files: the first file's comms stay its own"

# 8. --json
run_tq hist -i "$dat" --json 'SELECT CPU, count(*) FROM sched_switch WHERE CPU == 1 GROUP BY CPU'
c1=$(awk '$2 == "[001]" && / sched_switch: / { n++ } END { print n + 0 }' "$d/report.txt")
like "$out" "\"rows\":\\[\\{\"common_cpu\":\"1\",\"hitcount\":$c1\\}\\]" \
	"--json: the CPU filter and key"

# 9. tq shell -i: a CREATE EVENT kept for the queries after it
printf '%s\n' "CREATE EVENT w AS SELECT s.pid AS pid, TIMESTAMP_DELTA_USECS AS lat FROM sched_waking AS s JOIN sched_switch AS e ON s.pid = e.next_pid;" \
	'SELECT log2(lat), count(*) FROM w;' 'SELECT nofield FROM sched_switch;' >"$d/shell.sql"
run_tq shell -k -i "$dat" -f "$d/shell.sql"
got3=$(echo "$out" | awk '$1 ~ /^\[/ && $3 > 0 { print $3 }' | sort -n | tr '\n' ' ')
want3=$(echo "$want" | awk '{ print $2 }' | sort -n | tr '\n' ' ')
is "$got3" "$want3" "tq shell -i: the wakeup buckets through a created event"
like "$err" "no field 'nofield'" "tq shell -i: a bad statement is reported, the others run"

# errors
run_tq hist -i "$dat" 'SELECT count(*), prev_pid FROM nosuch GROUP BY prev_pid'
is "$rc" 1 "an event the file lacks: exit 1"
like "$err" "no event 'nosuch'" "an event the file lacks: named"
like "$err" "v7-zstd.dat holds: sched:" "an event the file lacks: the events it holds"

run_tq hist -i "$dat" 'SELECT nofield, count(*) FROM sched_switch GROUP BY nofield'
is "$rc" 1 "an absent field: exit 1"
like "$err" "no field 'nofield' in sched:sched_switch" "an absent field: the caret error"

run_tq hist -i 5 'SELECT prev_pid, count(*) FROM sched_switch GROUP BY prev_pid'
is "$rc" 2 "the old -i SECONDS: usage error"
like "$err" "write --interval 5" "the old -i SECONDS: names --interval"

run_tq hist --from 1 'SELECT prev_pid FROM sched_switch'
is "$rc" 2 "--from without -i: usage error"

run_tq hist -i "$d/nonexistent.dat" 'SELECT prev_pid, count(*) FROM sched_switch GROUP BY prev_pid'
is "$rc" 1 "a missing file: exit 1"

# a truncated file: the events before the damage are counted, then the error
size=$(wc -c <"$dat")
head -c $((size - 300000)) "$dat" >"$d/cut.dat"
run_tq hist -i "$d/cut.dat" 'SELECT prev_pid, count(*) FROM sched_switch GROUP BY prev_pid'
is "$rc" 1 "truncated file: exit 1"
like "$err" "tq: hist: " "truncated file: an error message"
# a file damaged inside its event pages: bytes overwritten in the middle of the CPU data
cp "$dat" "$d/bad.dat"
printf '\377\377\377\377\377\377\377\377\377\377\377\377\377\377\377\377' |
	dd of="$d/bad.dat" bs=1 seek=$((size - 200000)) conv=notrunc 2>/dev/null
run_tq hist -i "$d/bad.dat" 'SELECT prev_pid, count(*) FROM sched_switch GROUP BY prev_pid'
case $rc in 0|1) ok 0 "damaged file: an exit status, no crash ($rc)" ;; *) ok 1 "damaged file: exit $rc" ;; esac
done_testing
