import { describe, expect, it } from 'vitest';
import {
  tokenizeSparkPattern,
  toStrptimeFormat,
  toTemplateFormat,
} from '../../../core/sql/datetime-format.js';
import { UnsupportedFeatureError } from '../../../core/sql/errors.js';

describe('Spark datetime patterns → strptime (DuckDB) and templates (PostgreSQL, Redshift)', () => {
  const table: readonly { spark: string; strptime: string; template: string }[] = [
    { spark: 'yyyy-MM-dd', strptime: '%Y-%m-%d', template: 'YYYY-MM-DD' },
    { spark: "yyyy-MM-dd'T'HH:mm:ss", strptime: '%Y-%m-%dT%H:%M:%S', template: 'YYYY-MM-DD"T"HH24:MI:SS' },
    { spark: 'dd/MM/yy hh:mm a', strptime: '%d/%m/%y %I:%M %p', template: 'DD/MM/YY HH12:MI AM' },
    {
      spark: 'yyyy-MM-dd HH:mm:ss.SSS',
      strptime: '%Y-%m-%d %H:%M:%S.%g',
      template: 'YYYY-MM-DD HH24:MI:SS.MS',
    },
    { spark: 'd MMM yyyy', strptime: '%d %b %Y', template: 'DD Mon YYYY' },
    { spark: "yyyy'%'MM", strptime: '%Y%%%m', template: 'YYYY"%"MM' },
    { spark: "HH 'o''clock'", strptime: "%H o'clock", template: 'HH24" o\'clock"' },
  ];
  for (const row of table) {
    it(row.spark, () => {
      expect(toStrptimeFormat(row.spark)).toBe(row.strptime);
      expect(toTemplateFormat(row.spark)).toBe(row.template);
    });
  }

  it('tokenizes runs of letters and quoted text', () => {
    expect(tokenizeSparkPattern("yy'T'M")).toEqual([
      { kind: 'field', letter: 'y', count: 2 },
      { kind: 'text', text: 'T' },
      { kind: 'field', letter: 'M', count: 1 },
    ]);
  });

  it.each(['G', 'yyy', 'Q', 'VV'])('refuses the letters %s', (letters) => {
    expect(() => toStrptimeFormat(`yyyy ${letters}`)).toThrow(UnsupportedFeatureError);
    expect(() => toTemplateFormat(`yyyy ${letters}`)).toThrow(UnsupportedFeatureError);
  });

  it('rejects an unterminated quote', () => {
    expect(() => tokenizeSparkPattern("yyyy'T")).toThrow(/unterminated/);
  });
});
