/** An SNS topic told of every run: success with row counts and DQ score, failure with the error. */
export interface Notifications {
  readonly kind: 'notifications';
  /** Topic name suffix; the topic is `<pipeline>-<stage>-<topic>`. */
  readonly topic: string;
  readonly onSuccess: boolean;
  readonly onFailure: boolean;
}

export const notifications = (spec: {
  topic: string;
  onSuccess?: boolean;
  onFailure?: boolean;
}): Notifications =>
  Object.freeze({
    kind: 'notifications',
    topic: spec.topic,
    onSuccess: spec.onSuccess ?? true,
    onFailure: spec.onFailure ?? true,
  });

/** An EventBridge Scheduler expression, e.g. `cron(0 3 * * ? *)` or `rate(1 hour)`. */
export interface Schedule {
  readonly kind: 'schedule';
  readonly expression: string;
  readonly timezone: string;
}

export const schedule = (expression: string, timezone = 'UTC'): Schedule =>
  Object.freeze({ kind: 'schedule', expression, timezone });
