# Host side of the VM case sql-textfile, sourced by tests/vm/vm.t with $vm_out holding the
# .prom files tq hist --textfile and its printed script (run by BusyBox) wrote on Debian's
# kernel, each with the kernel's hist file of the same moment: promtool reads the file without an error or a lint warning, and each
# bucket's count is what the kernel's rows say.
for st_what in textfile printed; do
st_prom=$vm_out/$st_what.prom
st_hist=$vm_out/$st_what.hist
if [ -s "$st_prom" ] && [ -s "$st_hist" ]; then
	ok 0 "sql-textfile $st_what: the .prom file and the kernel's hist file came out of the guest"
	if command -v promtool >/dev/null; then
		promtool check metrics < "$st_prom" > "$vm_out/promtool.out" 2>&1
		st_rc=$?
		is "$st_rc" 0 "sql-textfile $st_what: promtool check metrics"
		[ "$st_rc" = 0 ] || diag "$(cat "$vm_out/promtool.out")"
	else
		skip "promtool is not installed"
	fi
	# the kernel's rows "{ lat: ~ 2^k } hitcount: n", summed up to each le = 2^k us
	st_want=$(sed -n 's/^{ lat: ~ 2^\([0-9]*\) *} hitcount: *\([0-9]*\)$/\1 \2/p' "$st_hist" |
		sort -n | awk '{ c += $2; printf "%s %d\n", $1, c }')
	st_bad=$(printf '%s\n' "$st_want" | while read -r st_k st_c; do
		st_le=$(awk -v k="$st_k" 'BEGIN { printf "%.15g", 2 ^ k / 1e6 }')
		grep -qx "tq_vm_prom_seconds_bucket{le=\"$st_le\"} $st_c" "$st_prom" ||
			echo "2^$st_k: want $st_c at le=$st_le"
	done)
	ok $([ -n "$st_want" ] && [ -z "$st_bad" ]; echo $?) \
		"sql-textfile $st_what: every bucket holds the kernel's cumulative count"
	[ -z "$st_bad" ] || diag "$st_bad"
else
	ok 1 "sql-textfile $st_what: the .prom file and the kernel's hist file came out of the guest"
	diag "out directory: $(ls "$vm_out" 2>&1 | tr '\n' ' ')"
fi
done
