/**
 * Date and timestamp formats are written once, in Spark's datetime pattern letters (`yyyy-MM-dd`,
 * `yyyy-MM-dd'T'HH:mm:ss`), because Glue is where they run in production. Each dialect translates
 * the pattern into its own format language; a letter a dialect cannot express is refused rather
 * than approximated.
 */
import { UnsupportedFeatureError } from './errors.js';

export type FormatToken =
  | { readonly kind: 'field'; readonly letter: string; readonly count: number }
  | { readonly kind: 'text'; readonly text: string };

/** Splits a Spark pattern into runs of one letter and literal text (`'T'`, `-`, `''` for a quote). */
export function tokenizeSparkPattern(pattern: string): FormatToken[] {
  const tokens: FormatToken[] = [];
  const pushText = (text: string) => {
    const last = tokens[tokens.length - 1];
    if (last?.kind === 'text') tokens[tokens.length - 1] = { kind: 'text', text: last.text + text };
    else tokens.push({ kind: 'text', text });
  };
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i]!;
    if (ch === "'") {
      if (pattern[i + 1] === "'") {
        pushText("'");
        i += 2;
        continue;
      }
      // Quoted text; inside it, '' is a quote too.
      let text = '';
      let j = i + 1;
      for (;;) {
        if (j >= pattern.length) throw new Error(`datetime pattern "${pattern}" has an unterminated quote`);
        if (pattern[j] === "'") {
          if (pattern[j + 1] !== "'") break;
          text += "'";
          j += 2;
        } else {
          text += pattern[j];
          j++;
        }
      }
      pushText(text);
      i = j + 1;
      continue;
    }
    if (/[A-Za-z]/.test(ch)) {
      let j = i;
      while (pattern[j] === ch) j++;
      tokens.push({ kind: 'field', letter: ch, count: j - i });
      i = j;
      continue;
    }
    pushText(ch);
    i++;
  }
  return tokens;
}

type FieldMap = Readonly<Record<string, string>>;

/** DuckDB strptime specifiers, keyed by letter and count (`M2` = `MM`). */
const STRPTIME: FieldMap = {
  y4: '%Y',
  y2: '%y',
  M1: '%m',
  M2: '%m',
  M3: '%b',
  M4: '%B',
  d1: '%d',
  d2: '%d',
  H1: '%H',
  H2: '%H',
  h1: '%I',
  h2: '%I',
  m1: '%M',
  m2: '%M',
  s1: '%S',
  s2: '%S',
  S3: '%g',
  S6: '%f',
  a1: '%p',
  E3: '%a',
  E4: '%A',
};

/** PostgreSQL and Redshift template patterns (`to_date`, `to_timestamp`). */
const TEMPLATE: FieldMap = {
  y4: 'YYYY',
  y2: 'YY',
  M1: 'MM',
  M2: 'MM',
  M3: 'Mon',
  M4: 'Month',
  d1: 'DD',
  d2: 'DD',
  H1: 'HH24',
  H2: 'HH24',
  h1: 'HH12',
  h2: 'HH12',
  m1: 'MI',
  m2: 'MI',
  s1: 'SS',
  s2: 'SS',
  S3: 'MS',
  S6: 'US',
  a1: 'AM',
  E3: 'Dy',
  E4: 'Day',
};

function translate(
  pattern: string,
  dialect: string,
  fields: FieldMap,
  text: (literal: string) => string,
): string {
  return tokenizeSparkPattern(pattern)
    .map((token) => {
      if (token.kind === 'text') return text(token.text);
      const mapped = fields[`${token.letter}${token.count}`];
      if (mapped === undefined) {
        throw new UnsupportedFeatureError(
          dialect,
          `the datetime pattern letters "${token.letter.repeat(token.count)}" (in "${pattern}")`,
        );
      }
      return mapped;
    })
    .join('');
}

/** `yyyy-MM-dd'T'HH:mm:ss` → `%Y-%m-%dT%H:%M:%S` */
export const toStrptimeFormat = (pattern: string, dialect = 'duckdb'): string =>
  translate(pattern, dialect, STRPTIME, (literal) => literal.replaceAll('%', '%%'));

/**
 * `yyyy-MM-dd'T'HH:mm:ss` → `YYYY-MM-DD"T"HH24:MI:SS`. Letters in literal text are double-quoted
 * so the template parser does not read them as fields.
 */
export const toTemplateFormat = (pattern: string, dialect = 'postgres'): string =>
  translate(pattern, dialect, TEMPLATE, (literal) =>
    /^[-/:., ]*$/.test(literal) ? literal : `"${literal.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`,
  );
