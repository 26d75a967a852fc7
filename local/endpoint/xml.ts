/**
 * The little XML the endpoint needs, shared by the query protocol (SNS, IAM) and REST-XML (S3):
 * writing responses from a tree of elements, with every text and attribute escaped in one place, and
 * reading the small request documents S3 clients send (`<Tagging>`, `<Delete>`,
 * `<CreateBucketConfiguration>`). The reader covers what those documents use (elements, text,
 * character references, CDATA, comments, the declaration); it is not a validating XML parser.
 */
import { AwsWireError } from './types.js';

/** A child of an element: text (escaped when written), an element, or nothing (`undefined`/`null` are skipped). */
export type XmlChild = XmlElement | string | number | boolean | Date | undefined | null;

export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlChild[];
}

/** `el('Key', 'a&b')` → `<Key>a&amp;b</Key>`; arrays of children are spread by the caller. */
export function el(name: string, ...children: readonly XmlChild[]): XmlElement {
  return { name, attributes: {}, children };
}

/** An element with attributes, e.g. the response root's `xmlns`. */
export function elWith(
  name: string,
  attributes: Readonly<Record<string, string>>,
  ...children: readonly XmlChild[]
): XmlElement {
  return { name, attributes, children };
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITY_OF[c]!);
}

const ENTITY_OF: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** AWS writes timestamps in XML as ISO 8601 with milliseconds, in UTC. */
function textOf(child: string | number | boolean | Date): string {
  return child instanceof Date ? child.toISOString() : String(child);
}

function write(element: XmlElement, out: string[]): void {
  out.push('<', element.name);
  for (const [k, v] of Object.entries(element.attributes)) out.push(' ', k, '="', escapeXml(v), '"');
  const children = element.children.filter((c) => c !== undefined && c !== null);
  if (children.length === 0) {
    out.push('/>');
    return;
  }
  out.push('>');
  for (const child of children) {
    if (typeof child === 'object' && !(child instanceof Date)) write(child as XmlElement, out);
    else out.push(escapeXml(textOf(child as string | number | boolean | Date)));
  }
  out.push('</', element.name, '>');
}

/** The document, with the XML declaration AWS puts before every response body. */
export function renderXml(root: XmlElement): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n'];
  write(root, out);
  return out.join('');
}

// ---------------------------------------------------------------------------------------------
// Reading

/** A parsed element: its local name (any `prefix:` dropped), its child elements, and its text. */
export interface XmlNode {
  readonly name: string;
  readonly children: readonly XmlNode[];
  /** The concatenated text directly inside the element, entities decoded. */
  readonly text: string;
}

const malformed = (why: string): AwsWireError =>
  new AwsWireError(
    'MalformedXML',
    `The XML you provided was not well-formed or did not validate against our published schema (${why})`,
  );

const NAMED_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(Number.parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(Number.parseInt(ref.slice(1), 10));
    const named = NAMED_ENTITIES[ref];
    if (named === undefined) throw malformed(`unknown entity ${whole}`);
    return named;
  });
}

const localName = (qualified: string): string => qualified.slice(qualified.indexOf(':') + 1);

/** Parses a document into its root element; throws MalformedXML (400) on anything it cannot read. */
export function parseXml(source: string): XmlNode {
  let at = 0;

  const skipMisc = (): void => {
    for (;;) {
      while (at < source.length && /\s/.test(source[at]!)) at++;
      if (source.startsWith('<?', at)) {
        const end = source.indexOf('?>', at);
        if (end < 0) throw malformed('unterminated processing instruction');
        at = end + 2;
      } else if (source.startsWith('<!--', at)) {
        const end = source.indexOf('-->', at);
        if (end < 0) throw malformed('unterminated comment');
        at = end + 3;
      } else if (source.startsWith('<!DOCTYPE', at)) {
        throw malformed('DOCTYPE is not accepted');
      } else return;
    }
  };

  // Sticky expressions match at `at` without copying the rest of the document.
  const OPEN = /<([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/y;
  const CLOSE = /<\/([A-Za-z_][\w.:-]*)\s*>/y;
  const matchAt = (pattern: RegExp): RegExpExecArray | null => {
    pattern.lastIndex = at;
    return pattern.exec(source);
  };

  const element = (): XmlNode => {
    const open = matchAt(OPEN);
    if (open === null) throw malformed(`expected an element at offset ${at}`);
    at += open[0].length;
    const name = open[1]!;
    if (open[3] === '/') return { name: localName(name), children: [], text: '' };
    const children: XmlNode[] = [];
    let text = '';
    for (;;) {
      if (at >= source.length) throw malformed(`<${name}> is not closed`);
      if (source.startsWith('</', at)) {
        const close = matchAt(CLOSE);
        if (close === null || close[1] !== name) throw malformed(`expected </${name}> at offset ${at}`);
        at += close[0].length;
        return { name: localName(name), children, text };
      }
      if (source.startsWith('<![CDATA[', at)) {
        const end = source.indexOf(']]>', at);
        if (end < 0) throw malformed('unterminated CDATA section');
        text += source.slice(at + 9, end);
        at = end + 3;
      } else if (source.startsWith('<!--', at)) {
        const end = source.indexOf('-->', at);
        if (end < 0) throw malformed('unterminated comment');
        at = end + 3;
      } else if (source[at] === '<') {
        children.push(element());
      } else {
        const next = source.indexOf('<', at);
        const end = next < 0 ? source.length : next;
        text += decodeEntities(source.slice(at, end));
        at = end;
      }
    }
  };

  skipMisc();
  const root = element();
  skipMisc();
  if (at !== source.length) throw malformed('content after the root element');
  return root;
}

/** The first child element named `name`, if any. */
export function childOf(node: XmlNode, name: string): XmlNode | undefined {
  return node.children.find((c) => c.name === name);
}

/** Every child element named `name`, in document order. */
export function childrenOf(node: XmlNode, name: string): XmlNode[] {
  return node.children.filter((c) => c.name === name);
}

/** The text of the child element named `name`, or undefined when there is no such child. */
export function childText(node: XmlNode, name: string): string | undefined {
  return childOf(node, name)?.text;
}
