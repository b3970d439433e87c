# Collapse the kernel stack traces of a `trace-cmd report` into folded stacks, as an
# independent check of tq report --folded: the task name at the root, the frames printed
# innermost first reversed. With w=FIELD, each stack weighs the FIELD=N of the event
# before it on its CPU (stacks after other events do not count), else 1; with e=EVENT too,
# only EVENT's FIELD counts.
function flush() {
	if (stack != "" && (w == "" || weight != ""))
		total[root ";" stack] += (w == "" ? 1 : weight)
	stack = ""
}
/^=> / {
	if (collecting) {
		name = $2
		stack = stack == "" ? name : name ";" stack
	}
	next
}
match($0, /^ *.*-[0-9]+ +\[[0-9]+\] +[0-9.]+: [a-z_0-9]+:/) {
	flush()
	head = substr($0, 1, RLENGTH)
	sub(/^ */, "", head)
	cpu = head; sub(/^.*\[/, "", cpu); sub(/\].*/, "", cpu); cpu += 0
	comm = head; sub(/ +\[[0-9]+\].*/, "", comm)
	pid = comm; sub(/.*-/, "", pid)
	sub(/-[0-9]+$/, "", comm)
	# a task whose name the file lacks: tq names the frame after its pid
	if (comm == "<...>")
		comm = "[pid_" pid "]"
	ev = head; sub(/:$/, "", ev); sub(/.*: /, "", ev)
	collecting = 0
	if (ev == "kernel_stack") {
		collecting = 1
		weight = has[cpu] ? val[cpu] : ""
		has[cpu] = 0
		root = comm
		stack = ""
		next
	}
	has[cpu] = 0
	if (e != "" && ev != e)
		next
	if (w != "" && match($0, " " w "=[0-9]+")) {
		val[cpu] = substr($0, RSTART + length(w) + 2, RLENGTH - length(w) - 2)
		# past 2^63: a negative latency wrapped in a u64, which tq counts as 0
		if (length(val[cpu]) > 18 && val[cpu] + 0 >= 9223372036854775808)
			val[cpu] = 0
		has[cpu] = 1
	}
	next
}
END { flush(); for (s in total) print s, total[s] }
