import { parseRulesetFiles } from '../../quality-rules/index.js';

export async function qualityParseCommand(
  files: readonly string[],
  options: { json?: boolean },
): Promise<number> {
  const results = await parseRulesetFiles([...files]);
  if (options.json) {
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  } else {
    for (const r of results) {
      if (r.ok) process.stdout.write(`# ${r.file}: ok\n${r.canonical}\n`);
      else process.stderr.write(`${r.file}: ${r.error}\n`);
    }
  }
  return results.every((r) => r.ok) ? 0 : 1;
}
