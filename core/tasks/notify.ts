/**
 * A notification as a step of the graph: a message to the pipeline's topic once the tasks it
 * waits for are done (`notify({ name: 'marts-ready', subject: 'Marts refreshed', after: [martsJob] })`),
 * besides the run's own success and failure messages (`notifications`).
 */
import { afterOf, none, type TaskKind, type TaskNode } from './task-kind.js';

export interface Notify extends TaskNode {
  readonly kind: 'notify';
  readonly subject: string;
  /** The message; the execution's name is appended, so a reader can find the run. */
  readonly message: string;
}

export const notify = (spec: {
  name: string;
  subject: string;
  message?: string;
  after?: readonly TaskNode[];
}): Notify =>
  Object.freeze({
    kind: 'notify',
    name: spec.name,
    subject: spec.subject,
    message: spec.message ?? spec.subject,
    after: afterOf(spec.after),
  });

export const notifyKind: TaskKind<Notify> = {
  kind: 'notify',
  section: 'tasks',
  reads: none,
  writes: none,
  catalogs: none,
  validate: ({ node, path, report }) => {
    if (node.subject.trim() === '') report([...path, 'subject'], 'the subject is empty', 'say what happened');
    if (node.after.length === 0) {
      report(
        [...path, 'after'],
        'a notification waits for nothing, so it would be sent as the run starts',
        'list the tasks it announces in `after`',
      );
    }
  },
};
