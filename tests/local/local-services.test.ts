/** The simulated account's services over a workdir: where each lives, which account ARNs name, one close. */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCAL_ACCOUNT, LOCAL_REGION, openLocalServices } from '../../local/local-services.js';

const root = mkdtempSync(join(tmpdir(), 'lakeline-services-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('openLocalServices', () => {
  it('makes the workdir and serves the local account unless told another', async () => {
    const workdir = join(root, 'a', 'workdir');
    const services = openLocalServices({ workdir, warehouse: 'pglite', autoCreateTopics: true });
    try {
      expect(existsSync(workdir)).toBe(true);
      expect([services.account, services.region]).toEqual([LOCAL_ACCOUNT, LOCAL_REGION]);
      expect(services.layout.s3).toBe(join(workdir, 's3'));
      expect(services.catalog.catalogId).toBe(LOCAL_ACCOUNT);
      // sfn run's topics come into being when published to.
      const { MessageId } = services.sns.publish({
        TopicArn: `arn:aws:sns:${LOCAL_REGION}:${LOCAL_ACCOUNT}:made-on-publish`,
        Message: 'hi',
      });
      expect(MessageId).toBeTruthy();
      const warehouse = await services.redshift;
      const { Id } = await warehouse.executeStatement({
        Database: 'dev',
        WorkgroupName: 'lakeline-local',
        Sql: 'SELECT 1',
      });
      expect((await warehouse.waitFor(Id)).Status).toBe('FINISHED');
    } finally {
      await services.close();
    }
  });

  it('names the account and region it is given in what it creates', async () => {
    const services = openLocalServices({
      workdir: join(root, 'b'),
      warehouse: 'pglite',
      account: '111111111111',
      region: 'eu-west-1',
    });
    try {
      expect(services.catalog.catalogId).toBe('111111111111');
      expect(services.sns.createTopic({ Name: 't' }).TopicArn).toBe('arn:aws:sns:eu-west-1:111111111111:t');
    } finally {
      await services.close();
    }
  });

  it('reports a warehouse it cannot open when awaited, and still closes', async () => {
    const services = openLocalServices({ workdir: join(root, 'c'), warehouse: 'mysql://nope' });
    await expect(services.redshift).rejects.toThrow('--warehouse must be pglite or a postgres:// URL');
    await expect(services.close()).resolves.toBeUndefined();
  });
});
