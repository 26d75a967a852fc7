/**
 * S3 tag sets on the wire: the `<Tagging><TagSet><Tag><Key/><Value/></Tag>…` document of the
 * tagging operations, the URL-encoded `x-amz-tagging` header of PutObject, and the rules S3
 * enforces on them (InvalidTag): unique keys, key and value lengths, no `aws:` keys, and at most 50
 * tags on a bucket and 10 on an object.
 */
import type { S3Tag } from '../s3/local-s3.js';
import { AwsWireError } from './types.js';
import { childOf, childrenOf, childText, el, elWith, parseXml, type XmlElement } from './xml.js';

export const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

const invalidTag = (message: string): AwsWireError => new AwsWireError('InvalidTag', message);

export function checkTags(tags: readonly S3Tag[], on: 'bucket' | 'object'): void {
  const max = on === 'bucket' ? 50 : 10;
  if (tags.length > max) {
    throw invalidTag(
      on === 'bucket' ? `Bucket tag count cannot exceed ${max}` : `Object tags cannot be greater than ${max}`,
    );
  }
  const keys = new Set<string>();
  for (const { Key, Value } of tags) {
    if (keys.has(Key)) throw invalidTag(`Cannot provide multiple Tags with the same key (${Key})`);
    keys.add(Key);
    if (Key.length === 0 || Key.length > 128)
      throw invalidTag(`The TagKey you have provided is invalid: '${Key}'`);
    if (Value.length > 256) throw invalidTag(`The TagValue you have provided is too long (key '${Key}')`);
    if (Key.toLowerCase().startsWith('aws:'))
      throw invalidTag('System tags cannot be added/updated by requester');
  }
}

/** The tag set of a PutBucketTagging / PutObjectTagging body. */
export function parseTagging(body: Buffer): S3Tag[] {
  const root = parseXml(body.toString('utf8'));
  const tagSet = root.name === 'Tagging' ? childOf(root, 'TagSet') : undefined;
  if (tagSet === undefined) {
    throw new AwsWireError(
      'MalformedXML',
      'The XML you provided was not well-formed: expected <Tagging><TagSet>',
    );
  }
  return childrenOf(tagSet, 'Tag').map((tag) => {
    const Key = childText(tag, 'Key');
    if (Key === undefined) throw new AwsWireError('MalformedXML', 'Each <Tag> needs a <Key>');
    return { Key, Value: childText(tag, 'Value') ?? '' };
  });
}

/** `x-amz-tagging: a=1&b=2` (form-encoded) as a tag set. */
export function parseTaggingHeader(header: string): S3Tag[] {
  return [...new URLSearchParams(header)].map(([Key, Value]) => ({ Key, Value }));
}

export function taggingXml(tags: readonly S3Tag[]): XmlElement {
  return elWith(
    'Tagging',
    { xmlns: S3_NAMESPACE },
    el('TagSet', ...tags.map((t) => el('Tag', el('Key', t.Key), el('Value', t.Value)))),
  );
}
