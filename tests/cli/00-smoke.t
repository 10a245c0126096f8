#!/bin/bash
# The binary runs, says what it is, and the demo loads.
. "$(dirname "$0")/lib.sh"

run --version
is "$rc" 0 "--version exits 0"
like "$out" '^dipcal [0-9]' "--version prints the version"

run --help
is "$rc" 0 "--help exits 0"
like "$out" 'Exit status' "--help lists the exit codes"

run init --demo
is "$rc" 0 "init --demo succeeds"
run meeting list CAHS --json
is "$(json 'length')" 9 "the demo has nine CAHS meetings"
done_testing
