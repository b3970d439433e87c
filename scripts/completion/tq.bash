# bash completion for tq. Candidates come from tq itself (commands from --help, options
# from <command> -h, events, tracers, clocks and options from tq list), never from lists
# kept here.

_tq_commands() {
	tq --help 2>/dev/null | sed -n '/^commands:/,/^$/{s/^    \([a-z-]*\) .*/\1/p}'
}

# the global options, from the "global options:" part of tq --help
_tq_global_options() {
	tq --help 2>/dev/null | sed -n '/^global options:/,/^$/p' |
		grep -oE '^ +--?[A-Za-z][A-Za-z0-9_-]*' | tr -d ' '
}

# help topics besides the commands ("help trace-cmd"), from tq --help's usage line
_tq_help_topics() {
	tq --help 2>/dev/null | grep -oE 'help [a-z][a-z-]*' | sed 's/^help //'
}

_tq_options() {
	tq "$1" -h 2>/dev/null | grep -oE '(^| )--?[A-Za-z][A-Za-z0-9_-]*' | tr -d ' '
}

_tq() {
	local cur prev cmd i
	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	cmd=""
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		--tracefs|--tracefs-copy) ((i++)) ;;
		-*) ;;
		*) cmd=${COMP_WORDS[i]}; break ;;
		esac
	done
	if [[ -z $cmd ]]; then
		case $prev in
		--tracefs|--tracefs-copy)
			COMPREPLY=($(compgen -d -- "$cur")); return ;;
		esac
		COMPREPLY=($(compgen -W "$(_tq_commands) help --help --version $(_tq_global_options)" \
			-- "$cur"))
		return
	fi
	case $prev in
	-e|--event|--events)
		COMPREPLY=($(compgen -W "$(tq list -e 2>/dev/null) all" -- "$cur")); return ;;
	-p|--tracer)
		COMPREPLY=($(compgen -W "$(tq list -t 2>/dev/null)" -- "$cur")); return ;;
	-C|--clock)
		COMPREPLY=($(compgen -W "$(tq list -C 2>/dev/null | tr -d '[]')" -- "$cur")); return ;;
	-O|--option)
		COMPREPLY=($(compgen -W "$(tq list -o 2>/dev/null; tq list -o 2>/dev/null | sed 's/^no//; s/^/no/')" -- "$cur"))
		return ;;
	-B|--instance)
		COMPREPLY=($(compgen -W "$(tq list -B 2>/dev/null)" -- "$cur")); return ;;
	-i|-o|--output|--input)
		COMPREPLY=($(compgen -f -- "$cur")); return ;;
	-t|--tracefs-copy|--temp)
		COMPREPLY=($(compgen -d -- "$cur")); return ;;
	--user)
		COMPREPLY=($(compgen -u -- "$cur")); return ;;
	esac
	if [[ $cmd == help ]]; then
		COMPREPLY=($(compgen -W "$(_tq_commands) $(_tq_help_topics)" -- "$cur"))
	elif [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(_tq_options "$cmd")" -- "$cur"))
	fi
}
complete -F _tq tq
