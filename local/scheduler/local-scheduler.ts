/**
 * EventBridge Scheduler, locally: schedule groups and schedules kept in memory, with the checks
 * and errors of the service (ValidationException, ConflictException, ResourceNotFoundException).
 * Schedules are stored, never fired: nothing here starts the state machine a schedule targets at
 * its time; a run is started by hand (StartExecution, `lakeline simulate`).
 *
 * The `default` group always exists and cannot be deleted; deleting another group deletes its
 * schedules (at once; Scheduler takes a while and shows the group DELETING). Only schedule groups
 * carry tags, as on AWS.
 */
import { AwsServiceError } from '../executor/types.js';

export interface FlexibleTimeWindow {
  readonly Mode: string;
  readonly MaximumWindowInMinutes?: number;
}

/** The schedule's target, kept as given (Arn and RoleArn are required; the rest is not read). */
export type ScheduleTarget = Readonly<Record<string, unknown>> & {
  readonly Arn: string;
  readonly RoleArn: string;
};

export interface ScheduleInput {
  readonly Name: string;
  readonly GroupName?: string;
  readonly ScheduleExpression: string;
  readonly ScheduleExpressionTimezone?: string;
  readonly StartDate?: Date;
  readonly EndDate?: Date;
  readonly Description?: string;
  readonly State?: string;
  readonly KmsKeyArn?: string;
  readonly Target: ScheduleTarget;
  readonly FlexibleTimeWindow: FlexibleTimeWindow;
  readonly ActionAfterCompletion?: string;
}

/** GetSchedule's answer. */
export interface Schedule extends Omit<ScheduleInput, 'GroupName'> {
  readonly Arn: string;
  readonly GroupName: string;
  readonly State: string;
  readonly ScheduleExpressionTimezone: string;
  readonly ActionAfterCompletion: string;
  readonly CreationDate: Date;
  readonly LastModificationDate: Date;
}

export interface ScheduleGroup {
  readonly Arn: string;
  readonly Name: string;
  readonly State: 'ACTIVE';
  readonly CreationDate: Date;
  readonly LastModificationDate: Date;
}

export interface Tag {
  readonly Key: string;
  readonly Value: string;
}

export interface LocalSchedulerOptions {
  readonly region: string;
  readonly account: string;
  readonly now?: () => Date;
}

const DEFAULT_GROUP = 'default';
const NAME = /^[0-9a-zA-Z\-_.]{1,64}$/;
const AT = /^at\(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\)$/;
const RATE = /^rate\(([1-9]\d*) (minute|minutes|hour|hours|day|days)\)$/;
const CRON = /^cron\((\S+ ){5}\S+\)$/;
const MAX_TAGS = 200;

const validation = (message: string) => new AwsServiceError('ValidationException', message);
const notFound = (message: string) => new AwsServiceError('ResourceNotFoundException', message);
const conflict = (message: string) => new AwsServiceError('ConflictException', message);

function checkName(name: string, what: string): void {
  if (!NAME.test(name)) {
    throw validation(
      `${what} name "${name}" must be 1 to 64 letters, digits, hyphens, underscores or periods`,
    );
  }
}

function checkExpression(expression: string): void {
  const rate = RATE.exec(expression);
  if (rate !== null && (rate[1] === '1') !== !rate[2]!.endsWith('s')) {
    throw validation(
      `Invalid Schedule Expression ${expression}: rate(1 unit) takes the singular, rate(n units) the plural`,
    );
  }
  if (rate === null && !AT.test(expression) && !CRON.test(expression)) {
    throw validation(
      `Invalid Schedule Expression ${expression}: use at(yyyy-mm-ddThh:mm:ss), rate(value unit) or cron(minutes hours day-of-month month day-of-week year)`,
    );
  }
}

function checkSchedule(input: ScheduleInput): void {
  checkName(input.Name, 'Schedule');
  checkExpression(input.ScheduleExpression);
  const window = input.FlexibleTimeWindow;
  if (window.Mode === 'FLEXIBLE') {
    const minutes = window.MaximumWindowInMinutes;
    if (minutes === undefined || minutes < 1 || minutes > 1440) {
      throw validation('A FLEXIBLE time window needs MaximumWindowInMinutes from 1 to 1440');
    }
  } else if (window.Mode === 'OFF') {
    if (window.MaximumWindowInMinutes !== undefined) {
      throw validation('MaximumWindowInMinutes is only for a FLEXIBLE time window');
    }
  } else {
    throw validation(`FlexibleTimeWindow.Mode must be OFF or FLEXIBLE, not ${window.Mode}`);
  }
  if (!input.Target.Arn.startsWith('arn:'))
    throw validation(`Target.Arn "${input.Target.Arn}" is not an ARN`);
  if (!input.Target.RoleArn.startsWith('arn:')) {
    throw validation(`Target.RoleArn "${input.Target.RoleArn}" is not an ARN`);
  }
  if (input.State !== undefined && input.State !== 'ENABLED' && input.State !== 'DISABLED') {
    throw validation(`State must be ENABLED or DISABLED, not ${input.State}`);
  }
  const after = input.ActionAfterCompletion;
  if (after !== undefined && after !== 'NONE' && after !== 'DELETE') {
    throw validation(`ActionAfterCompletion must be NONE or DELETE, not ${after}`);
  }
  if (input.StartDate !== undefined && input.EndDate !== undefined && input.EndDate <= input.StartDate) {
    throw validation('The EndDate must be after the StartDate');
  }
}

interface Group {
  readonly group: ScheduleGroup;
  tags: Map<string, string>;
}

export class LocalScheduler {
  private readonly groups = new Map<string, Group>();
  /** By `<group>/<name>`. */
  private readonly schedules = new Map<string, Schedule>();
  private readonly now: () => Date;

  constructor(private readonly options: LocalSchedulerOptions) {
    this.now = options.now ?? (() => new Date());
    this.addGroup(DEFAULT_GROUP, []);
  }

  // ── schedules ──────────────────────────────────────────────────────────────────────────────

  createSchedule(input: ScheduleInput): { ScheduleArn: string } {
    checkSchedule(input);
    const group = this.group(input.GroupName ?? DEFAULT_GROUP);
    const key = `${group.Name}/${input.Name}`;
    if (this.schedules.has(key))
      throw conflict(`Schedule ${input.Name} already exists in group ${group.Name}.`);
    const now = this.now();
    const schedule = this.scheduleFrom(input, group.Name, now, now);
    this.schedules.set(key, schedule);
    return { ScheduleArn: schedule.Arn };
  }

  getSchedule(input: { readonly Name: string; readonly GroupName?: string }): Schedule {
    return this.schedule(input);
  }

  /** Replaces the schedule's definition with the request, as UpdateSchedule does: what it leaves out takes the defaults. */
  updateSchedule(input: ScheduleInput): { ScheduleArn: string } {
    checkSchedule(input);
    const current = this.schedule(input);
    const schedule = this.scheduleFrom(input, current.GroupName, current.CreationDate, this.now());
    this.schedules.set(`${current.GroupName}/${current.Name}`, schedule);
    return { ScheduleArn: schedule.Arn };
  }

  deleteSchedule(input: { readonly Name: string; readonly GroupName?: string }): void {
    const schedule = this.schedule(input);
    this.schedules.delete(`${schedule.GroupName}/${schedule.Name}`);
  }

  /** Summaries by group and name, filtered as ListSchedules filters them. */
  listSchedules(
    input: { readonly GroupName?: string; readonly NamePrefix?: string; readonly State?: string } = {},
  ) {
    return [...this.schedules.values()]
      .filter((s) => input.GroupName === undefined || s.GroupName === input.GroupName)
      .filter((s) => input.NamePrefix === undefined || s.Name.startsWith(input.NamePrefix))
      .filter((s) => input.State === undefined || s.State === input.State)
      .sort((a, b) => `${a.GroupName}/${a.Name}`.localeCompare(`${b.GroupName}/${b.Name}`))
      .map((s) => ({
        Arn: s.Arn,
        Name: s.Name,
        GroupName: s.GroupName,
        State: s.State,
        CreationDate: s.CreationDate,
        LastModificationDate: s.LastModificationDate,
        Target: { Arn: s.Target.Arn },
      }));
  }

  // ── schedule groups ────────────────────────────────────────────────────────────────────────

  createScheduleGroup(input: { readonly Name: string; readonly Tags?: readonly Tag[] }): {
    ScheduleGroupArn: string;
  } {
    checkName(input.Name, 'Schedule group');
    if (this.groups.has(input.Name)) throw conflict(`Schedule group ${input.Name} already exists.`);
    return { ScheduleGroupArn: this.addGroup(input.Name, input.Tags ?? []).Arn };
  }

  getScheduleGroup(input: { readonly Name: string }): ScheduleGroup {
    return this.group(input.Name);
  }

  /** Deletes the group and its schedules; the default group cannot be deleted. */
  deleteScheduleGroup(input: { readonly Name: string }): void {
    if (input.Name === DEFAULT_GROUP) throw validation('The default schedule group cannot be deleted.');
    this.group(input.Name);
    this.groups.delete(input.Name);
    for (const [key, schedule] of this.schedules)
      if (schedule.GroupName === input.Name) this.schedules.delete(key);
  }

  listScheduleGroups(input: { readonly NamePrefix?: string } = {}): ScheduleGroup[] {
    return [...this.groups.values()]
      .map((g) => g.group)
      .filter((g) => input.NamePrefix === undefined || g.Name.startsWith(input.NamePrefix))
      .sort((a, b) => a.Name.localeCompare(b.Name));
  }

  // ── tags ───────────────────────────────────────────────────────────────────────────────────

  tagResource(input: { readonly ResourceArn: string; readonly Tags: readonly Tag[] }): void {
    const group = this.tagged(input.ResourceArn);
    group.tags = this.withTags(group.tags, input.Tags);
  }

  untagResource(input: { readonly ResourceArn: string; readonly TagKeys: readonly string[] }): void {
    const group = this.tagged(input.ResourceArn);
    for (const key of input.TagKeys) group.tags.delete(key);
  }

  listTagsForResource(input: { readonly ResourceArn: string }): { Tags: Tag[] } {
    return { Tags: [...this.tagged(input.ResourceArn).tags].map(([Key, Value]) => ({ Key, Value })) };
  }

  // ── internals ──────────────────────────────────────────────────────────────────────────────

  private arn(resource: string): string {
    return `arn:aws:scheduler:${this.options.region}:${this.options.account}:${resource}`;
  }

  private addGroup(name: string, tags: readonly Tag[]): ScheduleGroup {
    const now = this.now();
    const group: ScheduleGroup = {
      Arn: this.arn(`schedule-group/${name}`),
      Name: name,
      State: 'ACTIVE',
      CreationDate: now,
      LastModificationDate: now,
    };
    this.groups.set(name, { group, tags: this.withTags(new Map(), tags) });
    return group;
  }

  private withTags(current: ReadonlyMap<string, string>, tags: readonly Tag[]): Map<string, string> {
    const next = new Map(current);
    for (const t of tags) next.set(t.Key, t.Value);
    if (next.size > MAX_TAGS) throw validation(`A schedule group can have at most ${MAX_TAGS} tags`);
    return next;
  }

  private group(name: string): ScheduleGroup {
    const found = this.groups.get(name);
    if (found === undefined) throw notFound(`Schedule group ${name} does not exist.`);
    return found.group;
  }

  private schedule(input: { readonly Name: string; readonly GroupName?: string }): Schedule {
    const group = input.GroupName ?? DEFAULT_GROUP;
    const found = this.schedules.get(`${group}/${input.Name}`);
    if (found === undefined) throw notFound(`Schedule ${input.Name} does not exist in group ${group}.`);
    return found;
  }

  private scheduleFrom(input: ScheduleInput, group: string, created: Date, modified: Date): Schedule {
    const { GroupName: _group, ...definition } = input;
    return {
      ...definition,
      Arn: this.arn(`schedule/${group}/${input.Name}`),
      GroupName: group,
      State: input.State ?? 'ENABLED',
      ScheduleExpressionTimezone: input.ScheduleExpressionTimezone ?? 'UTC',
      ActionAfterCompletion: input.ActionAfterCompletion ?? 'NONE',
      CreationDate: created,
      LastModificationDate: modified,
    };
  }

  /** The schedule group a tagging ARN names: only groups carry tags. */
  private tagged(arn: string): Group {
    const m = /^arn:aws[a-z-]*:scheduler:[^:]*:[^:]*:(schedule-group|schedule)\/(.+)$/.exec(arn);
    if (m === null || m[1] !== 'schedule-group') {
      throw validation(`${arn} is not a schedule group ARN; only schedule groups can be tagged`);
    }
    const found = this.groups.get(m[2]!);
    if (found === undefined) throw notFound(`Schedule group ${m[2]} does not exist.`);
    return found;
  }
}
