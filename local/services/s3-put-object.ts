/**
 * Serves `arn:aws:states:::aws-sdk:s3:putObject`: the Body (text, as a state passes it) stored
 * under Bucket/Key in the local S3, with the ETag S3 answers.
 */
import { AwsServiceError, type TaskHandler } from '../executor/types.js';
import type { LocalS3 } from '../s3/local-s3.js';

export const s3PutObject =
  (s3: LocalS3): TaskHandler =>
  async (input) => {
    const { Bucket, Key, Body } = (input ?? {}) as { Bucket?: unknown; Key?: unknown; Body?: unknown };
    if (typeof Bucket !== 'string' || typeof Key !== 'string') {
      throw new AwsServiceError('S3.S3Exception', 'Bucket and Key are required');
    }
    // Step Functions sends a JSON object Body as its text; a state that means text passes a string.
    const text = typeof Body === 'string' ? Body : Body === undefined ? '' : JSON.stringify(Body);
    s3.put(Bucket, Key, text);
    return { ETag: s3.etag(Bucket, Key) };
  };
