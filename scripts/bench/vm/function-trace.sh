# description: a function tracer recording of about 800 thousand events for scripts/bench/report.sh (a VM case, not a test)
# requires: function:tracer set_ftrace_filter
# timeout: 300

# Functions that call each other often (locks, allocations, path walks), so that the
# function plugin's indentation shows, while a workload walks the image's files; version
# 6 without compression, which scripts/bench/mkbig.py grows to size.
tq record -q --file-version 6 --compression none -p function -l 'vfs_*' -l '*_lock' \
	-l '*_unlock' -l 'kmem_cache_*' -l '__kmalloc*' -l kfree -l dput -l 'dget*' \
	-l 'path_*' -l 'filename_*' -l 'link_path_walk*' -b 3000 -o "$TQ_VM_OUT/function.dat" -- \
	sh -c 'i=0; while [ $i -lt 40 ]; do find /usr /lib /bin > /dev/null 2>&1;
		ls -lR /usr > /dev/null; i=$((i + 1)); done'
