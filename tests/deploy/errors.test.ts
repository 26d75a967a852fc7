import { describe, expect, it } from 'vitest';
import { awsCall, deployError } from '../../deploy/errors.js';
import { DeployError } from '../../deploy/index.js';

describe('deploy errors', () => {
  it('name the resource, the call and what AWS said', async () => {
    const refused = Object.assign(new Error('User is not authorized to perform: glue:CreateJob'), {
      name: 'AccessDeniedException',
    });
    const error = await awsCall('job j', 'CreateJob', () => Promise.reject(refused)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeployError);
    expect((error as DeployError).message).toBe(
      'job j: CreateJob failed: AccessDeniedException: User is not authorized to perform: glue:CreateJob',
    );
  });

  it('say what to do about missing credentials and an endpoint that does not answer', () => {
    const noCredentials = Object.assign(new Error('Could not load credentials from any providers'), {
      name: 'CredentialsProviderError',
    });
    expect(deployError('bucket b', 'HeadBucket', noCredentials).message).toMatch(
      /\(give AWS credentials .*--endpoint/,
    );
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4566'), { code: 'ECONNREFUSED' });
    expect(deployError('bucket b', 'HeadBucket', refused).message).toMatch(/lakeline local serve/);
  });
});
