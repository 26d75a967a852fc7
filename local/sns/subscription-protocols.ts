/**
 * What SNS accepts as a subscription, per protocol: the endpoint each protocol takes, and whether
 * the subscription is confirmed at once (an AWS resource in the same account: SQS, Lambda,
 * Firehose) or waits for its owner to confirm it (e-mail, HTTP/S), which the local SNS never does
 * since it delivers nothing.
 */
import { AwsServiceError } from '../executor/types.js';

interface ProtocolRule {
  /** Whether `endpoint` is one this protocol takes. */
  readonly accepts: (endpoint: string) => boolean;
  readonly needsConfirmation: boolean;
}

const arnOf = (service: string) => (endpoint: string) =>
  new RegExp(`^arn:aws[\\w-]*:${service}:`).test(endpoint);

const RULES: Readonly<Record<string, ProtocolRule>> = {
  email: { accepts: (e) => /^[^@\s]+@[^@\s]+$/.test(e), needsConfirmation: true },
  'email-json': { accepts: (e) => /^[^@\s]+@[^@\s]+$/.test(e), needsConfirmation: true },
  http: { accepts: (e) => e.startsWith('http://'), needsConfirmation: true },
  https: { accepts: (e) => e.startsWith('https://'), needsConfirmation: true },
  sqs: { accepts: arnOf('sqs'), needsConfirmation: false },
  lambda: { accepts: arnOf('lambda'), needsConfirmation: false },
  firehose: { accepts: arnOf('firehose'), needsConfirmation: false },
  application: { accepts: arnOf('sns'), needsConfirmation: false },
  sms: { accepts: (e) => /^\+?[0-9]{5,15}$/.test(e), needsConfirmation: false },
};

/** Checks protocol and endpoint as SNS does; returns whether the subscription awaits confirmation. */
export function checkSubscription(
  protocol: string,
  endpoint: string,
): { readonly needsConfirmation: boolean } {
  const rule = Object.hasOwn(RULES, protocol) ? RULES[protocol] : undefined;
  if (rule === undefined) {
    throw new AwsServiceError(
      'SNS.InvalidParameterException',
      `Invalid parameter: Amazon SNS does not support this protocol string: ${protocol}`,
    );
  }
  if (!rule.accepts(endpoint)) {
    const what = protocol.startsWith('email')
      ? 'Email address'
      : `Endpoint is not a valid ${protocol} endpoint`;
    throw new AwsServiceError('SNS.InvalidParameterException', `Invalid parameter: ${what}: ${endpoint}`);
  }
  return { needsConfirmation: rule.needsConfirmation };
}
