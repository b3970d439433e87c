#!/bin/sh
# Tests of the VM harness itself (scripts/vm/run and tests/vm/vm.t), not of tq:
# - a kernel that cannot be had (apt knows no package, nothing cached) makes vm.t skip,
#   but a kernel download that fails to unpack is a failure, not a skip;
# - deliberately broken cases, booted for real from a directory of their own
#   (TQ_VM_CASEDIR): vm.t reports each as it should, a FAIL with its reason, the guest's
#   error_log and dmesg tail, a case left running past its limit as timed out, a case that
#   leaves tracefs changed with the difference; a passing and an unsupported case alongside.
# The first part fakes apt-cache, apt-get and dpkg-deb on PATH; it boots nothing.
: "${TQ_SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}"
. "$TQ_SRCDIR/tests/lib.sh"
top=$TQ_SRCDIR
d=$(scratch_dir)

# ---- what scripts/vm/kernel's failures become ---------------------------------------

mkdir -p "$d/bin"
# apt-cache: FAKE_APT=none knows no linux-image-amd64, anything else offers version 9.9
cat > "$d/bin/apt-cache" <<'EOF'
#!/bin/sh
[ "$FAKE_APT" = none ] && exit 100
case $1 in
depends) echo "linux-image-amd64"; echo "  Depends: linux-image-6.1.0-99-amd64" ;;
show) echo "Package: linux-image-6.1.0-99-amd64"; echo "Version: 9.9" ;;
esac
EOF
# apt-get: update does nothing; download leaves a .deb that is not one
cat > "$d/bin/apt-get" <<'EOF'
#!/bin/sh
for a; do case $a in *=*) echo "not a deb" > "${a%%=*}_${a#*=}_amd64.deb" ;; esac; done
exit 0
EOF
cat > "$d/bin/dpkg-deb" <<'EOF'
#!/bin/sh
echo "dpkg-deb: error: not a Debian format archive" >&2
exit 2
EOF
chmod +x "$d/bin/"*

# fake_vm FAKE_APT: vm.t with the fakes, its own empty cache; sets $tap and $rc
fake_vm() {
	tap=$(PATH="$d/bin:$PATH" FAKE_APT=$1 TQ_VM_DIR="$d/vm-$1" TQ_VM_CASES=tq-list \
		sh "$top/tests/vm/vm.t" 2>&1)
	rc=$?
}

if ! command -v "${TQ_VM_QEMU:-qemu-system-x86_64}" >/dev/null 2>&1 ||
	! command -v cpio >/dev/null 2>&1; then
	skip_all "qemu or cpio is not installed: scripts/vm/run stops before the kernel"
fi
plan 25

fake_vm none
is "$rc" 0 "no kernel to be had: vm.t exits 0"
like "$tap" '^1\.\.0 # SKIP no kernel to boot: .*no kernel is cached' \
	"...and skips the whole suite, saying why"

fake_vm broken
ok $([ "$rc" -ne 0 ]; echo $?) "a kernel package that does not unpack: vm.t fails (exit $rc)"
like "$tap" '^not ok 1 - the guest booted' "...on its first test"
like "$tap" 'scripts/vm/kernel failed \(exit status 1\): dpkg-deb cannot unpack' \
	"...naming the step that failed"
unlike "$tap" 'SKIP' "...and skips nothing"

# ---- deliberately broken cases, booted --------------------------------------------------

cases=$d/cases
mkdir -p "$cases"
cat > "$cases/harness-broken.sh" <<'EOF'
# description: a trigger the kernel refuses, a dmesg line, then fail
if echo 'hist:keys=tq_harness_no_field' >> events/sched/sched_switch/trigger 2>/dev/null; then
	echo '!hist:keys=tq_harness_no_field' >> events/sched/sched_switch/trigger
fi
echo "tq-harness-marker in dmesg" > /dev/kmsg
echo "saved before the crash" > "$TQ_VM_OUT/note"
fail "deliberately broken for the harness test"
EOF
cat > "$cases/harness-hang.sh" <<'EOF'
# description: runs past its time limit
# timeout: 3
sleep 100
EOF
cat > "$cases/harness-crash.sh" <<'EOF'
# description: panics the guest kernel
echo c > /proc/sysrq-trigger
EOF
cat > "$cases/harness-leftover.sh" <<'EOF'
# description: leaves an event enabled, and an eprobe attached to a synthetic event
echo 1 > events/sched/sched_process_fork/enable
echo 's:harness_syn u64 x' >> dynamic_events
echo 'e:harness_ep synthetic/harness_syn x=$x' >> dynamic_events
EOF
cat > "$cases/harness-pass.sh" <<'EOF'
# description: passes, and sees the tracefs the leftover case changed reset
[ "$(cat events/sched/sched_process_fork/enable)" = 0 ] || fail "the last case's event is still on"
[ ! -s dynamic_events ] || fail "the last case's dynamic events are still there"
EOF
cat > "$cases/harness-unsupported.sh" <<'EOF'
# description: needs a file no tracefs has
# requires: tq_harness_no_such_file
EOF

tap=$(TQ_VM_CASEDIR=$cases TQ_VM_DIR= sh "$top/tests/vm/vm.t" 2>&1)
rc=$?
case $tap in
"1..0 # SKIP"*)
	i=0
	while [ $i -lt 19 ]; do skip "the VM cannot run here: ${tap#1..0 # SKIP }"; i=$((i + 1)); done
	exit 0 ;;
esac
# The diagnostics of one case: from its "not ok" line to the next test line.
case_diag() {
	printf '%s\n' "$tap" | awk -v n="$1" '/^(not )?ok / { on = index($0, " - " n ":") > 0; next }
		on { print }'
}
ok $([ "$rc" -ne 0 ]; echo $?) "vm.t fails when cases fail (exit $rc)"
like "$tap" '^ok 1 - the guest booted, ran the suite and powered off' \
	"the boot itself is fine"
broken=$(case_diag harness-broken)
like "$tap" '^not ok [0-9]+ - harness-broken:' "the broken case is a failure"
like "$broken" '^# FAIL: deliberately broken for the harness test$' "...with its reason"
like "$(printf '%s\n' "$broken" | sed -n '/^#   error_log:/,$p')" \
	"Couldn't find field|tq_harness_no_field" "...the guest's error_log, with the refused trigger"
like "$(printf '%s\n' "$broken" | sed -n '/^#   dmesg (last/,$p')" 'tq-harness-marker in dmesg' \
	"...and the dmesg tail, with the case's line"
like "$broken" '^#   \+ fail' "...and the case's commands"
crash=$(case_diag harness-crash)
like "$tap" '^not ok [0-9]+ - harness-crash:' "a case that panics the guest is a failure"
like "$crash" '^# FAIL: the guest stopped in this case \(qemu exit status' "...saying the guest stopped"
like "$crash" '^#   console: .*Kernel panic - not syncing' "...with the console from the panic on"
is "$(cat "$top/build/vm/last-vm.t/out/harness-broken/note" 2>&1)" "saved before the crash" \
	"...and the files a case saved before the guest died reach the host"
like "$tap" '^not ok [0-9]+ - harness-hang:' \
	"the cases after it ran in a new boot: the case past its limit is a failure"
like "$(case_diag harness-hang)" '^# FAIL: timed out after 3 s$' "...saying it timed out"
like "$(case_diag harness-leftover)" '^# FAIL: left tracefs changed$' \
	"a case that leaves tracefs changed fails"
like "$tap" '^ok [0-9]+ - harness-pass:' "the next case passes: tracefs was reset"
like "$tap" '^ok [0-9]+ # SKIP harness-unsupported: unsupported: requires tq_harness_no_such_file' \
	"an unsupported case is a skip, saying what is missing"

# A guest that dies before its first case reports nothing at all: vm.t must still say how
# it stopped (once it said nothing: vm/run ended on grep's status under set -e).
mkdir -p "$d/early"
cp "$cases/harness-pass.sh" "$d/early/"
tap=$(TQ_VM_CASEDIR=$d/early TQ_VM_DIR= TQ_VM_APPEND=rdinit=/tq-harness-no-init \
	sh "$top/tests/vm/vm.t" 2>&1)
like "$tap" '^not ok 1 - the guest booted' "a guest that dies while booting fails the boot"
like "$tap" 'vm/run: the guest stopped \(qemu exit status [0-9]+\)' "...saying the guest stopped"
like "$tap" 'No working init|Kernel panic' "...with the console's tail"
