// Trains NLP.js (node-nlp) on Shopkeeper's training utterances and scores it on
// the held-out set, printing the same numbers as goeval.
// Usage: node nlpjs.js <train dir> <heldout dir>
'use strict';
const fs = require('fs');
const path = require('path');
const { NlpManager } = require('node-nlp');

// NLP.js names Norwegian "no".
const codes = { en: 'en', nl: 'nl', ms: 'ms', zh: 'zh', nb: 'no', hy: 'hy' };
const langs = ['en', 'nl', 'ms', 'zh', 'nb', 'hy'];

function rows(file, withLang) {
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split('\n').slice(1)
    .filter((l) => l.trim() !== '' && !l.startsWith('#'))
    .map((l) => l.split('\t'))
    .filter((c) => c.length >= (withLang ? 3 : 2))
    .map((c) => (withLang ? { intent: c[1], text: c.slice(2).join(' ') } : { intent: c[0], text: c.slice(1).join(' ') }));
}

async function main() {
  const [trainDir, heldDir] = process.argv.slice(2);
  let total = 0, correct = 0, parses = 0, parseMs = 0, trainMs = 0;
  const out = [];
  for (const lang of langs) {
    const code = codes[lang];
    const manager = new NlpManager({ languages: [code], forceNER: false, autoSave: false, nlu: { log: false } });
    for (const r of rows(path.join(trainDir, `${lang}.tsv`), false)) manager.addDocument(code, r.text, r.intent);
    let t0 = process.hrtime.bigint();
    await manager.train();
    trainMs += Number(process.hrtime.bigint() - t0) / 1e6;
    const held = rows(path.join(heldDir, `${lang}.tsv`), true);
    let ok = 0;
    t0 = process.hrtime.bigint();
    for (const r of held) {
      const res = await manager.process(code, r.text);
      if (res.intent === r.intent || (res.intent === 'None' && r.intent === 'out_of_scope')) ok++;
    }
    parseMs += Number(process.hrtime.bigint() - t0) / 1e6;
    parses += held.length;
    total += held.length;
    correct += ok;
    out.push(`  ${lang} accuracy ${(ok / Math.max(held.length, 1)).toFixed(4)} (${held.length})`);
  }
  console.log(`engine: NLP.js node-nlp ${require('node-nlp/package.json').version} (train ${trainMs.toFixed(0)} ms, language given)`);
  console.log(out.join('\n'));
  console.log(`  overall accuracy ${(correct / Math.max(total, 1)).toFixed(4)} (${total})`);
  console.log(`  parses/s ${(parses / (parseMs / 1000)).toFixed(0)}`);
}

main().catch((e) => { console.error(e); process.exit(1); });
