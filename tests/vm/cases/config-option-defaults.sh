# description: stat shows no changed options at boot, in the top buffer or a new instance; set -O shows up and reset puts it back
# requires: options/overwrite

# tq reset puts the clock back to local; the guest boots with global
clock=$(sed 's/.*\[\(.*\)\].*/\1/' trace_clock)
cleanup() {
	set +e
	tq reset -d
	echo "$clock" > trace_clock
}
trap cleanup EXIT

# the runner restores the boot-time options before each case: tq's defaults must match them
out=$(tq stat)
if echo "$out" | grep 'changed options'; then fail "stat calls boot-time options changed"; fi
tq set -B vm_opts -e sched:sched_switch
out=$(tq stat -B vm_opts)
if echo "$out" | grep 'changed options'; then fail "a new instance's options are called changed"; fi
tq set -O nooverwrite -O sym-offset -B vm_opts -O noirq-info
tq stat | grep -q '^changed options: *nooverwrite sym-offset$' || fail "stat misses set options"
tq stat -B vm_opts | grep -q '^  changed options: *noirq-info$' || fail "stat misses the instance's"
tq reset
[ "$(cat options/overwrite) $(cat options/sym-offset)" = "1 0" ] || fail "reset left options"
[ "$(cat instances/vm_opts/options/irq-info)" = 1 ] || fail "reset left the instance's option"
tq reset -d
[ ! -d instances/vm_opts ] || fail "reset -d left the instance"
