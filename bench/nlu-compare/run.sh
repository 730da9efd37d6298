#!/bin/sh
# Side-by-side of NLP.js and the Shopkeeper NLU engine on the same training
# utterances and held-out set. Run from anywhere; needs node/npm and go.
#   bench/nlu-compare/run.sh [runs] [held-out folder, default internal/nlu/testdata/heldout]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
runs=${1:-1}
heldout=${2:-internal/nlu/testdata/heldout}
case $heldout in /*) ;; *) heldout=$root/$heldout ;; esac
[ -d "$here/node_modules/node-nlp" ] || (cd "$here" && npm ci --no-audit --no-fund)
i=1
while [ "$i" -le "$runs" ]; do
	echo "== run $i"
	node "$here/nlpjs.js" "$root/internal/nlu/data/train" "$heldout"
	(cd "$root" && go run ./bench/nlu-compare/goeval -heldout "$heldout")
	i=$((i + 1))
done
