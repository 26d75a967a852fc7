/** Entity types as Glue's sensitive-data detection names them. */
export const PII_ENTITIES = ['EMAIL', 'PHONE_NUMBER', 'USA_SSN', 'CREDIT_CARD', 'IP_ADDRESS'] as const;
export type PiiEntity = (typeof PII_ENTITIES)[number];

/** What happens to a detected value, as in Glue's Detect PII transform. */
export const PII_ACTIONS = ['REDACT', 'PARTIAL_REDACT', 'SHA256_HASH', 'DETECT'] as const;
export type PiiAction = (typeof PII_ACTIONS)[number];
