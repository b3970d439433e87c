# Host side of record-compat-ftrace: trace-cmd reads the guest's files as tq does.
. "$TQ_SRCDIR/tests/record/common.sh"
for f in d func-stack g profile; do
	if [ ! -s "$vm_out/$f.dat" ]; then
		ok 1 "record-compat-ftrace: the guest saved $f.dat"
		continue
	fi
	if have_trace_cmd; then
		is "$(trace-cmd report -i "$vm_out/$f.dat" 2>/dev/null | md5sum)" \
			"$("$TQ" report -i "$vm_out/$f.dat" | md5sum)" \
			"record-compat-ftrace: trace-cmd report of $f.dat is tq report's"
	else
		skip "trace-cmd is not installed"
	fi
done
