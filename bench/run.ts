// `npm run bench`: runs every benchmark in turn on this machine and prints one JSON document
// with the machine, the results and the ratios; docs/PERFORMANCE.md records a run of it.
// Pass names to run only some: `npm run bench -- intake spatial web`.
import os from 'node:os';

const suites: Record<string, () => Promise<unknown>> = {
  spatial: async () => (await import('./spatial.js')).run(),
  text: async () => (await import('./text.js')).run(),
  intake: async () => (await import('./intake.js')).run(),
  web: async () => (await import('./web.js')).run(),
  // FIGURES_REQUESTS sets the size of the generated database (25 million by default: about an
  // hour); FIGURES_DB names a file to keep it in and to reuse on later runs.
  figures: async () =>
    (await import('./figures.js')).run({ requests: Number(process.env.FIGURES_REQUESTS ?? 25_000_000), file: process.env.FIGURES_DB || undefined }),
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = wanted.length > 0 ? wanted : Object.keys(suites);
const unknown = names.filter((n) => !(n in suites));
if (unknown.length > 0) {
  console.error(`unknown benchmark ${unknown.join(', ')}; choose from ${Object.keys(suites).join(', ')}`);
  process.exit(2);
}

const machine = {
  cpus: os.cpus().length,
  cpu: os.cpus()[0]?.model,
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  platform: `${os.platform()} ${os.release()}`,
  load: os.loadavg().map((l) => Math.round(l * 100) / 100),
};
const results: Record<string, unknown> = {};
for (const name of names) {
  const started = Date.now();
  console.error(`== ${name}`);
  results[name] = { ...((await suites[name]!()) as object), wallSeconds: (Date.now() - started) / 1000 };
  console.error(JSON.stringify(results[name]));
}
console.log(JSON.stringify({ at: new Date().toISOString(), machine, results }, null, 2));
