# Host side of the VM case flame-weight-latency, sourced by tests/vm/vm.t with $vm_out
# holding a recording made on Debian's kernel of a synthetic wakeup-latency event (a query's)
# and sched_process_exec, each with a kernel stack trace: tq report --folded --weight
# vm_wlat.lat must be the report's text collapsed by awk with only vm_wlat's lat counted,
# its weights add up to the lat of the vm_wlat events (a negative one, wrapped in the
# kernel's u64 when two CPUs' clocks disagree, weighs 0), and the flame graph is valid SVG.
fw_dir=$(scratch_dir)/flame-weight
mkdir -p "$fw_dir"
"$TQ" report -i "$vm_out/wlat.dat" >"$fw_dir/report.txt" 2>/dev/null
awk -v w=lat -v e=vm_wlat -f "$TQ_SRCDIR/tests/pictures/collapse.awk" "$fw_dir/report.txt" |
	LC_ALL=C sort | grep -v ' 0$' >"$fw_dir/want"
[ -s "$fw_dir/want" ] && cmp -s "$fw_dir/want" "$vm_out/wlat.folded"
ok $? "flame-weight-latency: --weight vm_wlat.lat is the report's vm_wlat stacks by lat"
cmp -s "$fw_dir/want" "$vm_out/wlat.folded" ||
	diag "$(diff "$fw_dir/want" "$vm_out/wlat.folded" | head -10)"
fw_lat=$(sed -n 's/.* vm_wlat: .*lat=\([0-9]*\).*/\1/p' "$fw_dir/report.txt" |
	awk 'length($1) < 19 || $1 + 0 < 9223372036854775808 { s += $1 } END { print s + 0 }')
fw_sum=$(awk '{ s += $NF } END { print s + 0 }' "$vm_out/wlat.folded")
is "$fw_sum" "$fw_lat" "flame-weight-latency: the stacks weigh the $fw_lat us of the vm_wlat events"
# the recording's other stacks, those of the execs, were there to be left out
"$TQ" report -i "$vm_out/wlat.dat" --folded --weight sched_process_exec.pid \
	>"$fw_dir/exec" 2>/dev/null
[ -s "$fw_dir/exec" ] && ! cmp -s "$fw_dir/exec" "$vm_out/wlat.folded" &&
	[ "$(awk '{ n++ } END { print n }' "$fw_dir/want")" -lt \
	  "$("$TQ" report -i "$vm_out/wlat.dat" --folded 2>/dev/null | wc -l)" ]
ok $? "flame-weight-latency: the execs' stacks, in the file, are not among them"
if command -v xmllint >/dev/null; then
	xmllint --noout "$vm_out/wlat.svg"
	ok $? "flame-weight-latency: xmllint takes the flame graph"
else
	skip "xmllint is not installed (libxml2-utils)"
fi
