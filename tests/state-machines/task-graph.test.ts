/**
 * A pipeline as a graph of tasks: which task waits for which (from `after`, from the data each
 * reads and writes, from the crawlers that catalog it), the levels the state machine runs, and
 * how a level of tasks of different kinds renders. The tables of kinds are typed so a kind
 * without its validation or its renderer does not compile (the @ts-expect-error lines fail
 * `npm run typecheck` the day they compile).
 */
import { describe, expect, it } from 'vitest';
import {
  crawler,
  definePipeline,
  findStage,
  type GraphPipelineSpec,
  job,
  type Pipeline,
  type PipelineValidationError,
  TASK_KINDS,
  type Task,
  type TaskKind,
  type TaskKindName,
  taskGraph,
  warehouseLoad,
} from '../../core/index.js';
import { synthStateMachine } from '../../state-machines/index.js';
import { TASK_RENDERERS, type TaskRenderer } from '../../state-machines/tasks/index.js';
import { customers, customersJob, miniSpec, orders, ordersJob } from '../fixtures/mini-pipeline.js';
import { type AslDefinition, validateAsl } from './asl.js';

// @ts-expect-error: a task kind without its validation
const _noValidation: TaskKind<Extract<Task, { kind: 'crawler' }>> = {
  kind: 'crawler',
  section: 'crawlers',
  reads: TASK_KINDS.crawler.reads,
  writes: TASK_KINDS.crawler.writes,
  catalogs: TASK_KINDS.crawler.catalogs,
};
// @ts-expect-error: a table of renderers must render every kind
const _noRenderer: { readonly [K in TaskKindName]: TaskRenderer<Extract<Task, { kind: K }>> } = {
  crawler: TASK_RENDERERS.crawler,
  job: TASK_RENDERERS.job,
};
void _noValidation;
void _noRenderer;

const rawCrawl = crawler({ name: 'raw', layer: 'raw', datasets: [customers, orders] });
const processedCrawl = crawler({
  name: 'processed',
  layer: 'processed',
  datasets: [customersJob.output, ordersJob.output],
});

function graphSpec(tasks: readonly Task[]): GraphPipelineSpec {
  const { crawlers: _c, jobs: _j, ...rest } = miniSpec();
  return { ...rest, tasks };
}

const names = (p: Pipeline) => taskGraph(p).levels.map((l) => l.map((t) => t.name));

describe('the task graph', () => {
  it('follows the data: jobs after the crawler of their input, the crawler of their output after them, the load after that', () => {
    const p = definePipeline(graphSpec([warehouseLoad(), processedCrawl, ordersJob, customersJob, rawCrawl]));
    expect(names(p)).toEqual([['raw'], ['orders', 'customers'], ['processed'], ['warehouse-load']]);
  });

  it('runs what nothing orders side by side, and waits where `after` says', () => {
    const p = definePipeline(graphSpec([customersJob, ordersJob, rawCrawl, warehouseLoad()]));
    // No processed crawler: the load waits for the jobs it loads, not for anything else.
    expect(names(p)).toEqual([['raw'], ['customers', 'orders'], ['warehouse-load']]);
    const later = job({ ...ordersJob, after: [customersJob] });
    expect(names(definePipeline(graphSpec([rawCrawl, customersJob, later, warehouseLoad()])))).toEqual([
      ['raw'],
      ['customers'],
      ['orders'],
      ['warehouse-load'],
    ]);
  });

  it('renders a level of tasks of different kinds as one Parallel, each branch re-raising its error', () => {
    // The raw crawler waits for nothing, and neither does a job over data no crawler catalogs.
    const p = definePipeline(
      graphSpec([
        crawler({ name: 'raw', layer: 'raw', datasets: [customers] }),
        ordersJob,
        customersJob,
        warehouseLoad(),
      ]),
    );
    expect(names(p)).toEqual([['raw', 'orders'], ['customers'], ['warehouse-load']]);
    const [asl] = synthStateMachine(p, findStage(p, 'local'), {
      warehouseLoad: [{ sql: 'select 1', label: 'SELECT', part: 0 }],
    });
    const definition = JSON.parse(asl!.content as string) as AslDefinition;
    expect(validateAsl(definition)).toMatchObject({ isValid: true });
    const level = definition.States[definition.StartAt]!;
    expect(definition.StartAt).toBe('Run raw, orders');
    expect(level.Type).toBe('Parallel');
    const branches = level.Branches as AslDefinition[];
    expect(branches.map((b) => b.StartAt)).toEqual(['Start raw crawler', 'Run job orders']);
    expect(Object.keys(branches[0]!.States)).toEqual(
      expect.arrayContaining(['Crawler raw failed', 'raw done']),
    );
    expect(Object.keys(branches[1]!.States)).toContain('Job orders failed');
  });

  it('names the tasks of a cycle', () => {
    // The processed crawler reads what customers writes, and customers waits for the crawler.
    const waiting = job({ ...customersJob, after: [processedCrawl] });
    expect(() =>
      definePipeline(graphSpec([rawCrawl, waiting, ordersJob, processedCrawl, warehouseLoad()])),
    ).toThrow(
      /jobs › customers: the tasks wait for each other in a cycle \(customers → processed → customers\)/,
    );
  });

  it('refuses an `after` outside the pipeline and a warehouse no task loads', () => {
    const stray = crawler({ name: 'elsewhere', layer: 'raw', datasets: [customers] });
    const problems = (tasks: readonly Task[]) => {
      try {
        definePipeline(graphSpec(tasks));
        return [];
      } catch (e) {
        return (e as PipelineValidationError).errors.map((x) => x.message);
      }
    };
    expect(
      problems([rawCrawl, job({ ...customersJob, after: [stray] }), ordersJob, warehouseLoad()]),
    ).toEqual([
      expect.stringMatching(/jobs › customers › after\[0\]: "elsewhere" is not a task of this pipeline/),
    ]);
    expect(problems([rawCrawl, customersJob, ordersJob])).toEqual([
      expect.stringMatching(/tasks: the warehouse is never loaded/),
    ]);
  });
});
