/**
 * The AWS query protocol (SNS, IAM): a form-urlencoded body `Action=…&Version=…&Name=…` whose keys
 * spell nested input with dots (`Tags.member.1.Key`, `Attributes.entry.1.key`), answered with
 * `<ActionResponse><ActionResult>…</ActionResult><ResponseMetadata>…` or
 * `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>`.
 *
 * Decoding has no service model: `.member.N` is read as a list and `.entry.N.key/value` as a map,
 * which is how the SDK's query serializer writes every list and map these services take.
 */
import { randomUUID } from 'node:crypto';
import { AwsWireError, type EndpointRequest, type EndpointResponse, type ServiceEndpoint } from './types.js';
import { toWireError, type WireCodeTable } from './wire-errors.js';
import { el, elWith, renderXml, type XmlChild, type XmlElement } from './xml.js';

export type QueryValue = string | readonly QueryValue[] | QueryStruct;
export interface QueryStruct {
  readonly [key: string]: QueryValue;
}

interface RawNode {
  value?: string;
  children: Map<string, RawNode>;
}

const isIndex = (key: string): boolean => /^[1-9]\d*$/.test(key);

function normalize(node: RawNode, path: string): QueryValue {
  if (node.children.size === 0) return node.value ?? '';
  if (node.value !== undefined && node.value !== '') {
    throw new AwsWireError('MalformedQueryString', `${path} is given both a value and members`);
  }
  const keys = [...node.children.keys()];
  const indexed = (n: RawNode, at: string): QueryValue[] =>
    [...n.children.entries()]
      .map(([k, child]) => {
        if (!isIndex(k))
          throw new AwsWireError('MalformedQueryString', `${at}.${k}: expected a 1-based index`);
        return [Number(k), normalize(child, `${at}.${k}`)] as const;
      })
      .sort((a, b) => a[0] - b[0])
      .map(([, v]) => v);
  // `X.member.N` (a list), `X.N` (a flattened list), `X.entry.N.key/value` (a map).
  if (keys.length === 1 && keys[0] === 'member')
    return indexed(node.children.get('member')!, `${path}.member`);
  if (keys.every(isIndex)) return indexed(node, path);
  // Object.fromEntries makes every key an own property, `__proto__` included (no prototype pollution).
  if (keys.length === 1 && keys[0] === 'entry') {
    return Object.fromEntries(
      indexed(node.children.get('entry')!, `${path}.entry`).map((entry) => {
        if (
          typeof entry !== 'object' ||
          Array.isArray(entry) ||
          typeof (entry as QueryStruct).key !== 'string'
        ) {
          throw new AwsWireError('MalformedQueryString', `${path}.entry.N needs a key and a value`);
        }
        const { key, value } = entry as QueryStruct;
        return [key as string, value ?? ''];
      }),
    );
  }
  return Object.fromEntries(
    [...node.children].map(([k, child]) => [k, normalize(child, path === '' ? k : `${path}.${k}`)]),
  );
}

/** `Tags.member.1.Key=a&Tags.member.1.Value=b` → `{ Tags: [{ Key: 'a', Value: 'b' }] }`. */
export function decodeQueryParams(params: URLSearchParams): QueryStruct {
  const root: RawNode = { children: new Map() };
  for (const [key, value] of params) {
    let node = root;
    for (const part of key.split('.')) {
      let next = node.children.get(part);
      if (next === undefined) {
        next = { children: new Map() };
        node.children.set(part, next);
      }
      node = next;
    }
    node.value = value;
  }
  const decoded = normalize(root, '');
  return typeof decoded === 'object' && !Array.isArray(decoded) ? (decoded as QueryStruct) : {};
}

const lowerFirst = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);

/** AWS's wording for a parameter that fails validation (the SDK validates nothing client-side). */
export function validationError(name: string, constraint: string, value?: string): AwsWireError {
  const shown = value === undefined ? 'null' : `'${value}'`;
  return new AwsWireError(
    'ValidationError',
    `1 validation error detected: Value ${shown} at '${lowerFirst(name)}' failed to satisfy constraint: ${constraint}`,
  );
}

/** Typed reads of one request's parameters; a missing required one is AWS's ValidationError. */
export class QueryInput {
  constructor(
    readonly action: string,
    readonly values: QueryStruct,
  ) {}

  /** A parameter given in the request (never one inherited from Object.prototype). */
  private own(name: string): QueryValue | undefined {
    return Object.hasOwn(this.values, name) ? this.values[name] : undefined;
  }

  private scalar(name: string): string | undefined {
    const v = this.own(name);
    if (v === undefined) return undefined;
    if (typeof v !== 'string') {
      throw new AwsWireError(
        'MalformedQueryString',
        `${name} must be a single value, not a list or structure`,
      );
    }
    return v;
  }

  string(name: string): string {
    const v = this.scalar(name);
    if (v === undefined) throw validationError(name, 'Member must not be null');
    return v;
  }

  optionalString(name: string): string | undefined {
    return this.scalar(name);
  }

  optionalInt(name: string): number | undefined {
    const v = this.scalar(name);
    if (v === undefined) return undefined;
    if (!/^-?\d+$/.test(v)) throw validationError(name, 'Member must be an integer', v);
    return Number(v);
  }

  optionalBoolean(name: string): boolean | undefined {
    const v = this.scalar(name);
    if (v === undefined) return undefined;
    if (v !== 'true' && v !== 'false') throw validationError(name, 'Member must be true or false', v);
    return v === 'true';
  }

  /** A list; absent and the SDK's empty-list form (`Name=`) both read as []. */
  list(name: string): readonly QueryValue[] {
    const v = this.own(name);
    if (v === undefined || v === '') return [];
    if (!Array.isArray(v))
      throw new AwsWireError('MalformedQueryString', `${name} must be a list (${name}.member.N)`);
    return v as readonly QueryValue[];
  }

  stringList(name: string): string[] {
    return this.list(name).map((v, i) => {
      if (typeof v !== 'string')
        throw new AwsWireError('MalformedQueryString', `${name}.member.${i + 1} must be a value`);
      return v;
    });
  }

  /** `Name.member.N.Key/Value` → `[{ Key, Value }]`, as every tag list of these services is spelled. */
  tags(name: string): { Key: string; Value: string }[] {
    return this.list(name).map((v, i) => {
      const tag = typeof v === 'object' && !Array.isArray(v) ? (v as QueryStruct) : {};
      if (typeof tag.Key !== 'string')
        throw validationError(`${name}.member.${i + 1}.key`, 'Member must not be null');
      return { Key: tag.Key, Value: typeof tag.Value === 'string' ? tag.Value : '' };
    });
  }

  /** `Name.entry.N.key/value` → a record of strings. */
  map(name: string): Record<string, string> {
    const v = this.own(name);
    if (v === undefined || v === '') return {};
    if (typeof v !== 'object' || Array.isArray(v)) {
      throw new AwsWireError('MalformedQueryString', `${name} must be a map (${name}.entry.N.key/value)`);
    }
    return Object.fromEntries(
      Object.entries(v as QueryStruct).map(([k, value]) => {
        if (typeof value !== 'string')
          throw new AwsWireError('MalformedQueryString', `${name}.${k} must be a value`);
        return [k, value];
      }),
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Responses

/** `<Name><member>…</member>…</Name>`: one member per item, its children given by `render`. */
export function memberList<T>(
  name: string,
  items: readonly T[],
  render: (item: T) => readonly XmlChild[],
): XmlElement {
  return el(name, ...items.map((item) => el('member', ...render(item))));
}

/** `<Name><entry><key>k</key><value>v</value></entry>…</Name>`. */
export function entryMap(name: string, record: Readonly<Record<string, string>>): XmlElement {
  return el(name, ...Object.entries(record).map(([k, v]) => el('entry', el('key', k), el('value', v))));
}

/** `<Tags><member><Key/><Value/></member>…</Tags>`. */
export function tagList(name: string, tags: readonly { Key: string; Value: string }[]): XmlElement {
  return memberList(name, tags, (t) => [el('Key', t.Key), el('Value', t.Value)]);
}

const XML_HEADERS = { 'content-type': 'text/xml' } as const;

export function queryResponse(
  action: string,
  namespace: string,
  requestId: string,
  result: readonly XmlChild[],
): EndpointResponse {
  const body = elWith(
    `${action}Response`,
    { xmlns: namespace },
    el(`${action}Result`, ...result),
    el('ResponseMetadata', el('RequestId', requestId)),
  );
  return { status: 200, headers: { ...XML_HEADERS, 'x-amzn-requestid': requestId }, body: renderXml(body) };
}

export function queryErrorResponse(
  error: AwsWireError,
  namespace: string,
  requestId: string,
): EndpointResponse {
  const body = elWith(
    'ErrorResponse',
    { xmlns: namespace },
    el(
      'Error',
      el('Type', error.status >= 500 ? 'Receiver' : 'Sender'),
      el('Code', error.code),
      el('Message', error.message),
    ),
    el('RequestId', requestId),
  );
  return {
    status: error.status,
    headers: { ...XML_HEADERS, 'x-amzn-requestid': requestId },
    body: renderXml(body),
  };
}

// ---------------------------------------------------------------------------------------------
// Serving

/** One action: its result element's children (empty for actions whose result is empty). */
export type QueryOperation = (
  input: QueryInput,
  request: EndpointRequest,
) => readonly XmlChild[] | Promise<readonly XmlChild[]>;

export interface QueryServiceOptions {
  readonly signingNames: readonly string[];
  readonly version: string;
  readonly namespace: string;
  readonly operations: Readonly<Record<string, QueryOperation>>;
  /** How the service's own errors (`SNS.NotFoundException`) map to wire codes. */
  readonly errorCodes: WireCodeTable;
  /** The service's internal error (`InternalError` for SNS, `ServiceFailure` for IAM). */
  readonly internalError: { readonly code: string; readonly status: number };
}

/**
 * A query-protocol service: parameters from the form body (and the URL, as a GET may carry them),
 * dispatched on Action; an action not served is AWS's `InvalidAction`, any error its XML shape.
 */
export function queryService(options: QueryServiceOptions): ServiceEndpoint {
  return {
    signingNames: options.signingNames,
    errorResponse: (error) => queryErrorResponse(error, options.namespace, randomUUID()),
    async handle(request) {
      const requestId = randomUUID();
      try {
        const params = new URLSearchParams(request.query);
        const contentType = String(request.headers['content-type'] ?? '');
        if (request.body.length > 0 && !contentType.startsWith('application/x-www-form-urlencoded')) {
          throw new AwsWireError(
            'MalformedQueryString',
            `The query protocol takes an application/x-www-form-urlencoded body, not ${contentType || 'no content type'}`,
          );
        }
        for (const [k, v] of new URLSearchParams(request.body.toString('utf8'))) params.append(k, v);
        const { Action: action, Version: _version, ...values } = decodeQueryParams(params);
        if (typeof action !== 'string' || action === '') {
          throw new AwsWireError('MissingAction', 'The request must contain the parameter Action');
        }
        const operation = Object.hasOwn(options.operations, action) ? options.operations[action] : undefined;
        if (operation === undefined) {
          throw new AwsWireError(
            'InvalidAction',
            `Could not find operation ${action} for version ${options.version} (the local endpoint serves ${Object.keys(options.operations).sort().join(', ')})`,
          );
        }
        const result = await operation(new QueryInput(action, values), request);
        return queryResponse(action, options.namespace, requestId, result);
      } catch (error) {
        const wire = toWireError(error, options.errorCodes, options.internalError);
        return queryErrorResponse(wire, options.namespace, requestId);
      }
    },
  };
}
