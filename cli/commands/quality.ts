import { type CheckedRule, checkFiles, QualityCheckError } from '../../local/quality/index.js';
import { parseRulesetFiles } from '../../quality-rules/index.js';
import { CliError } from '../pipelines.js';

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

/** The widest rule column; a longer rule gets a line of its own, its result under it. */
const RULE_WIDTH = 72;

function messageOf(r: CheckedRule, rows: number): string {
  const message = r.message.replaceAll('\n', '; ');
  if (r.failingRows === undefined || r.failingRows === 0) return message;
  const failed = `${r.failingRows} of ${rows} rows failed`;
  return message === '' ? failed : `${message} (${failed})`;
}

/** The outcome table: rule, result, message; then a line with the score. */
export function qualityTable(report: Awaited<ReturnType<typeof checkFiles>>): string[] {
  const width = Math.min(RULE_WIDTH, Math.max(4, ...report.rules.map((r) => r.rule.length)));
  const row = (rule: string, result: string, message: string): string =>
    rule.length > width
      ? `${rule}\n${row('', result, message)}`
      : `${rule.padEnd(width)}  ${result.padEnd(6)}  ${message}`.trimEnd();
  const count = (result: string) => report.rules.filter((r) => r.result === result).length;
  const score = report.score === null ? 'none' : report.score.toFixed(2);
  const files = `${report.files.length} file${report.files.length === 1 ? '' : 's'}`;
  const left = [
    ...(report.malformedLines > 0
      ? [
          `${report.malformedLines} malformed line${report.malformedLines === 1 ? '' : 's'} left out, as a job quarantines them`,
        ]
      : []),
    ...report.emptyFiles.map((f) => `${f} is empty (0 bytes)`),
  ];
  const notes = report.notes.map((n) => `note: ${n}`);
  return [
    row('RULE', 'RESULT', 'MESSAGE'),
    ...report.rules.map((r) => row(r.rule, r.result, messageOf(r, report.rows))),
    '',
    `score ${score}: ${count('PASS')} of ${report.rules.length} rules passed, ${count('FAIL')} failed, ${count('ERROR')} errored (${report.rows} rows from ${files}${left.map((l) => `; ${l}`).join('')})`,
    ...notes,
  ];
}

export async function qualityCheckCommand(
  ruleset: string,
  files: readonly string[],
  options: { json?: boolean },
): Promise<number> {
  let report: Awaited<ReturnType<typeof checkFiles>>;
  try {
    report = await checkFiles(ruleset, files);
  } catch (e) {
    if (e instanceof QualityCheckError) throw new CliError(e.message, { cause: e });
    throw e;
  }
  if (options.json) {
    const rules = report.rules.map(({ rule, result, message, metrics, failingRows }) => ({
      rule,
      result,
      message,
      metrics,
      ...(failingRows === undefined ? {} : { failingRows }),
    }));
    const { rows, malformedLines, emptyFiles, notes } = report;
    process.stdout.write(
      `${JSON.stringify({ score: report.score, rows, malformedLines, emptyFiles, notes, rules }, null, 2)}\n`,
    );
  } else {
    process.stdout.write(`${qualityTable(report).join('\n')}\n`);
  }
  return report.rules.every((r) => r.result === 'PASS') ? 0 : 1;
}
