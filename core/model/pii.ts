/** Entity types as Glue's sensitive-data detection names them. */
export const PII_ENTITIES = ['EMAIL', 'PHONE_NUMBER', 'USA_SSN', 'CREDIT_CARD', 'IP_ADDRESS'] as const;
export type PiiEntity = (typeof PII_ENTITIES)[number];

/**
 * What happens to a detected value, as in Glue's Detect PII transform, and `GOVERN`: the value is
 * kept in clear for the readers entitled to it, and validation holds every other reader to a mask
 * (warehouse roles) or a column exclusion (Lake Formation grants); see validate-governed-pii.ts.
 */
export const PII_ACTIONS = ['REDACT', 'PARTIAL_REDACT', 'SHA256_HASH', 'DETECT', 'GOVERN'] as const;
export type PiiAction = (typeof PII_ACTIONS)[number];
