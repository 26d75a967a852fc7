/**
 * The bytes of an S3 request body as the client meant them. Recent SDK v3 clients add flexible
 * checksums to every upload: a buffered body gets an `x-amz-checksum-<algorithm>` header, and a
 * streamed one is sent `content-encoding: aws-chunked` (`<hex size>[;chunk-signature=…]\r\n<bytes>\r\n`
 * chunks, a `0` chunk, then trailers such as `x-amz-checksum-crc32:<base64>`), with the real length
 * in `x-amz-decoded-content-length`. The chunk framing is removed here, and each checksum the
 * client sent is verified (BadDigest on a mismatch), so that the bytes stored are the bytes sent.
 */
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { crc32 } from 'node:zlib';
import { AwsWireError } from './types.js';

const CRLF = Buffer.from('\r\n');

const incomplete = (why: string): AwsWireError =>
  new AwsWireError('IncompleteBody', `The request body is not valid aws-chunked encoding: ${why}`);

/** The chunks' data and the trailing headers (lower-case names) of an aws-chunked body. */
export function decodeAwsChunked(body: Buffer): { data: Buffer; trailers: Record<string, string> } {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = body.indexOf(CRLF, at);
    if (lineEnd < 0) throw incomplete(`no chunk header at byte ${at}`);
    const sizeText = body.toString('latin1', at, lineEnd).split(';')[0]!.trim();
    if (!/^[0-9a-fA-F]+$/.test(sizeText))
      throw incomplete(`chunk size '${sizeText}' at byte ${at} is not hexadecimal`);
    const size = Number.parseInt(sizeText, 16);
    at = lineEnd + 2;
    if (size === 0) break;
    if (at + size + 2 > body.length)
      throw incomplete(`a chunk of ${size} bytes at byte ${at} runs past the body`);
    parts.push(body.subarray(at, at + size));
    at += size;
    if (!body.subarray(at, at + 2).equals(CRLF))
      throw incomplete(`chunk data at byte ${at} is not followed by CRLF`);
    at += 2;
  }
  const trailers: Record<string, string> = {};
  while (at < body.length) {
    const lineEnd = body.indexOf(CRLF, at);
    const line = body.toString('latin1', at, lineEnd < 0 ? body.length : lineEnd);
    at = lineEnd < 0 ? body.length : lineEnd + 2;
    if (line === '') break;
    const colon = line.indexOf(':');
    if (colon < 0) throw incomplete(`trailer '${line}' has no ':'`);
    trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { data: Buffer.concat(parts), trailers };
}

/** CRC-32C (Castagnoli), which node:zlib does not offer. */
const CRC32C_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32c(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = CRC32C_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const uint32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
};

/** The checksums this endpoint can verify, by the header that carries them (base64 of the digest). */
const CHECKSUMS: Readonly<
  Record<string, { readonly label: string; readonly digest: (data: Buffer) => Buffer }>
> = {
  'x-amz-checksum-crc32': { label: 'CRC32', digest: (d) => uint32(crc32(d)) },
  'x-amz-checksum-crc32c': { label: 'CRC32C', digest: (d) => uint32(crc32c(d)) },
  'x-amz-checksum-sha1': { label: 'SHA1', digest: (d) => createHash('sha1').update(d).digest() },
  'x-amz-checksum-sha256': { label: 'SHA256', digest: (d) => createHash('sha256').update(d).digest() },
};

function verify(
  data: Buffer,
  values: Readonly<Record<string, string | string[] | undefined>>,
): Record<string, string> {
  const verified: Record<string, string> = {};
  for (const [header, { label, digest }] of Object.entries(CHECKSUMS)) {
    const sent = values[header];
    if (typeof sent !== 'string') continue;
    if (digest(data).toString('base64') !== sent) {
      throw new AwsWireError(
        'BadDigest',
        `The ${label} you specified did not match the calculated checksum.`,
      );
    }
    verified[header] = sent;
  }
  const md5 = values['content-md5'];
  if (typeof md5 === 'string') {
    if (Buffer.from(md5, 'base64').length !== 16) {
      throw new AwsWireError('InvalidDigest', 'The Content-MD5 you specified was invalid.');
    }
    if (createHash('md5').update(data).digest('base64') !== md5) {
      throw new AwsWireError('BadDigest', 'The Content-MD5 you specified did not match what we received.');
    }
  }
  return verified;
}

export interface Payload {
  readonly data: Buffer;
  /** The checksum headers the client sent and that matched (echoed back as S3 does). */
  readonly checksums: Readonly<Record<string, string>>;
}

const isChunked = (headers: IncomingHttpHeaders): boolean =>
  String(headers['content-encoding'] ?? '')
    .split(',')
    .some((e) => e.trim() === 'aws-chunked') ||
  String(headers['x-amz-content-sha256'] ?? '').startsWith('STREAMING-');

/** The request's bytes, unframed and verified against every checksum it carries. */
export function requestPayload(headers: IncomingHttpHeaders, body: Buffer): Payload {
  if (!isChunked(headers)) {
    // A signed payload's hash is checked even though the signature is not: it is one more checksum.
    const signedHash = headers['x-amz-content-sha256'];
    if (typeof signedHash === 'string' && /^[0-9a-f]{64}$/.test(signedHash)) {
      if (createHash('sha256').update(body).digest('hex') !== signedHash) {
        throw new AwsWireError(
          'XAmzContentSHA256Mismatch',
          "The provided 'x-amz-content-sha256' header does not match what was computed.",
        );
      }
    }
    return { data: body, checksums: verify(body, headers) };
  }
  const { data, trailers } = decodeAwsChunked(body);
  const declared = headers['x-amz-decoded-content-length'];
  if (typeof declared === 'string' && Number(declared) !== data.length) {
    throw new AwsWireError(
      'IncompleteBody',
      `You did not provide the number of bytes specified by x-amz-decoded-content-length (${declared}; got ${data.length})`,
    );
  }
  return { data, checksums: verify(data, { ...headers, ...trailers }) };
}

/** `content-encoding` without the transfer framing, which is no property of the object. */
export function storedContentEncoding(headers: IncomingHttpHeaders): string | undefined {
  const kept = String(headers['content-encoding'] ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '' && e !== 'aws-chunked');
  return kept.length === 0 ? undefined : kept.join(',');
}
