/**
 * Serves `arn:aws:states:::aws-sdk:s3:getObject`. Step Functions returns the object's Body as a
 * string (text objects only), with the object's metadata beside it.
 */
import { AwsServiceError, type TaskHandler } from '../executor/types.js';
import type { LocalS3 } from '../s3/local-s3.js';

/** Step Functions' limit on a state's result; larger bodies fail the state as on AWS. */
const MAX_PAYLOAD_BYTES = 256 * 1024;

export const s3GetObject =
  (s3: LocalS3): TaskHandler =>
  async (input) => {
    const { Bucket, Key } = (input ?? {}) as { Bucket?: string; Key?: string };
    if (typeof Bucket !== 'string' || typeof Key !== 'string') {
      throw new AwsServiceError('S3.S3Exception', 'Bucket and Key are required');
    }
    const body = s3.get(Bucket, Key);
    if (body.byteLength > MAX_PAYLOAD_BYTES) {
      throw new AwsServiceError(
        'States.DataLimitExceeded',
        `s3://${Bucket}/${Key} is ${body.byteLength} bytes; a state's result is limited to 256 KiB`,
      );
    }
    return { Body: body.toString('utf8'), ContentLength: body.byteLength, ContentType: 'application/json' };
  };
