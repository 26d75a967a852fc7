/**
 * The codecs under the S3, SNS and IAM endpoints, on input the SDK clients do not produce but other
 * clients may: signed aws-chunked framing, flattened query lists, XML entities and CDATA.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeQueryParams, QueryInput } from '../../../local/endpoint/query-protocol.js';
import { listPage } from '../../../local/endpoint/s3-listing.js';
import { decodeAwsChunked, requestPayload } from '../../../local/endpoint/s3-payload.js';
import { childText, el, elWith, parseXml, renderXml } from '../../../local/endpoint/xml.js';

describe('query protocol', () => {
  it('decodes .member.N lists (in index order), .entry.N maps and flattened lists', () => {
    const params = new URLSearchParams(
      'Name=t&Tags.member.2.Key=b&Tags.member.2.Value=2&Tags.member.1.Key=a&Tags.member.1.Value=1' +
        '&Attributes.entry.1.key=DisplayName&Attributes.entry.1.value=x%20y&Ids.1=p&Ids.2=q&TagKeys=',
    );
    const input = new QueryInput('CreateTopic', decodeQueryParams(params));
    expect(input.string('Name')).toBe('t');
    expect(input.tags('Tags')).toEqual([
      { Key: 'a', Value: '1' },
      { Key: 'b', Value: '2' },
    ]);
    expect(input.map('Attributes')).toEqual({ DisplayName: 'x y' });
    expect(input.stringList('Ids')).toEqual(['p', 'q']);
    expect(input.stringList('TagKeys')).toEqual([]);
  });

  it('keeps `__proto__` an ordinary parameter name', () => {
    const decoded = decodeQueryParams(
      new URLSearchParams('__proto__.polluted=yes&A.entry.1.key=__proto__&A.entry.1.value=v'),
    );
    expect(Object.hasOwn(decoded, '__proto__')).toBe(true);
    expect((decoded as Record<string, unknown>).polluted).toBeUndefined();
    expect(new QueryInput('X', decoded).map('A')).toEqual(Object.fromEntries([['__proto__', 'v']]));
  });

  it('reports a missing required parameter as AWS does', () => {
    const input = new QueryInput('GetRole', {});
    expect(() => input.string('RoleName')).toThrow(
      "1 validation error detected: Value null at 'roleName' failed to satisfy constraint: Member must not be null",
    );
  });
});

describe('xml', () => {
  it('escapes text and attributes, and skips absent children', () => {
    const xml = renderXml(elWith('R', { xmlns: 'urn:"x"' }, el('A', 'a<b & "c"'), undefined, el('Empty')));
    expect(xml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<R xmlns="urn:&quot;x&quot;"><A>a&lt;b &amp; &quot;c&quot;</A><Empty/></R>',
    );
  });

  it('reads entities, CDATA, comments and prefixed names', () => {
    const root = parseXml(
      '<?xml version="1.0"?><!-- c --><s3:Tag xmlns:s3="u"><Key>a&amp;b&#x21;</Key><Value><![CDATA[<v>]]></Value></s3:Tag>',
    );
    expect(root.name).toBe('Tag');
    expect(childText(root, 'Key')).toBe('a&b!');
    expect(childText(root, 'Value')).toBe('<v>');
  });

  it('refuses a document that is not well-formed', () => {
    expect(() => parseXml('<a><b></a>')).toThrow(/not well-formed/);
    expect(() => parseXml('<!DOCTYPE x><a/>')).toThrow(/DOCTYPE/);
  });
});

describe('aws-chunked', () => {
  it('removes signed chunk framing and reads the trailers', () => {
    const body = Buffer.from(
      '5;chunk-signature=abc\r\nhello\r\n6;chunk-signature=def\r\n world\r\n0;chunk-signature=0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n',
    );
    const { data, trailers } = decodeAwsChunked(body);
    expect(data.toString()).toBe('hello world');
    expect(trailers).toEqual({ 'x-amz-checksum-crc32': 'DUoRhQ==' });
  });

  it('verifies the trailing checksum and the decoded length', () => {
    const headers = { 'content-encoding': 'aws-chunked', 'x-amz-decoded-content-length': '5' };
    const good = Buffer.from('5\r\nhello\r\n0\r\nx-amz-checksum-crc32:NhCmhg==\r\n\r\n');
    expect(requestPayload(headers, good).data.toString()).toBe('hello');
    const bad = Buffer.from('5\r\nhello\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n');
    expect(() => requestPayload(headers, bad)).toThrow(
      'The CRC32 you specified did not match the calculated checksum.',
    );
    expect(() => requestPayload({ ...headers, 'x-amz-decoded-content-length': '9' }, good)).toThrow(
      /\(9; got 5\)/,
    );
  });

  it('checks a signed payload hash (x-amz-content-sha256) on a plain body', () => {
    const hash = (text: string) => createHash('sha256').update(text).digest('hex');
    expect(requestPayload({ 'x-amz-content-sha256': hash('hi') }, Buffer.from('hi')).data.toString()).toBe(
      'hi',
    );
    expect(() => requestPayload({ 'x-amz-content-sha256': hash('hi') }, Buffer.from('ho'))).toThrow(
      /does not match what was computed/,
    );
  });

  it('refuses a truncated body', () => {
    expect(() => decodeAwsChunked(Buffer.from('a\r\nshort\r\n'))).toThrow(/runs past the body/);
    expect(() => decodeAwsChunked(Buffer.from('zz\r\n'))).toThrow(/not hexadecimal/);
  });
});

describe('ListObjectsV2 paging', () => {
  const at = new Date(0);
  const objects = ['a/1', 'a/2', 'b/1', 'c'].map((key) => ({ key, size: 1, lastModified: at }));

  it('resumes after a common prefix, not inside it', () => {
    const request = { prefix: '', delimiter: '/', maxKeys: 1, startAfter: undefined };
    const first = listPage(objects, { ...request, continuationToken: undefined });
    expect(first.commonPrefixes).toEqual(['a/']);
    const second = listPage(objects, { ...request, continuationToken: first.nextContinuationToken });
    expect(second.commonPrefixes).toEqual(['b/']);
    const third = listPage(objects, { ...request, continuationToken: second.nextContinuationToken });
    expect(third.contents.map((o) => o.key)).toEqual(['c']);
    expect(third.nextContinuationToken).toBeUndefined();
  });

  it('refuses a token it did not hand out', () => {
    expect(() =>
      listPage(objects, {
        prefix: '',
        delimiter: undefined,
        maxKeys: 1,
        startAfter: undefined,
        continuationToken: 'Zm9v',
      }),
    ).toThrow('The continuation token provided is incorrect');
  });
});
