// Material's own search worker, run in Node over a built site's index (scripts/search_quality.py).
// usage: node scripts/search_worker.js INDEX_JSON WORKER_JS < queries (one per line)
// prints {query: [location of each result's page entry, best first]} as JSON.
"use strict";
const fs = require("fs");
const [indexPath, workerPath] = process.argv.slice(2);
let handler = null;
const answers = [];
global.self = global;
global.addEventListener = (type, fn) => { if (type === "message") handler = fn; };
global.postMessage = message => answers.push(message);
// The worker is a classic script that listens for messages: evaluated as is, unchanged.
(0, eval)(fs.readFileSync(workerPath, "utf8"));
(async () => {
  const index = JSON.parse(fs.readFileSync(indexPath, "utf8"));
  // Material's messages: 0 setup, 2 query, 3 result
  await handler({ data: { type: 0, data: { config: index.config, docs: index.docs, options: { suggest: false } } } });
  const out = {};
  for (const query of fs.readFileSync(0, "utf8").split("\n").filter(Boolean)) {
    answers.length = 0;
    await handler({ data: { type: 2, data: query } });
    out[query] = (answers[0].data.items || []).slice(0, 10).map(group => group[0].location);
  }
  process.stdout.write(JSON.stringify(out));
})();
