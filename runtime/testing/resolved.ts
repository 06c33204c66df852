/**
 * The `resolved` block of an interaction: the users (with their member data in a guild), roles, channels
 * and attachments its data names by id, as Discord sends it beside slash-command options and beside the
 * values of user, role, mentionable and channel select menus. One builder, so both kinds resolve alike.
 */
import type { SimState, ChannelRecord, RoleRecord } from './state.js';
import { apiMember, apiResolvedChannel, apiRole, apiUser } from './payloads.js';

/** Collects what an interaction names, keyed by kind then id. */
export class ResolvedCollector {
  readonly data: Record<string, Record<string, unknown>> = {};

  /** `channel` is where the interaction happens; `invokerId` the member acting (channel permissions are theirs). */
  constructor(
    private readonly state: SimState,
    private readonly channel: ChannelRecord,
    private readonly invokerId: string,
  ) {}

  /** True when nothing was resolved (the payload then has no `resolved`). */
  get empty(): boolean {
    return Object.keys(this.data).length === 0;
  }

  /** A user, and in a guild their member data with their permissions in the channel. */
  user(id: string): void {
    this.add('users', id, apiUser(this.state.user(id)));
    const member = this.channel.guildId ? this.state.guild(this.channel.guildId).members.get(id) : undefined;
    if (member) {
      const { user: _user, ...partial } = apiMember(member, this.state) as unknown as Record<string, unknown>;
      this.add('members', id, { ...partial, permissions: this.state.permissionsIn(this.channel, id).toString() });
    }
  }

  /** A role of the guild. */
  role(role: RoleRecord): void {
    this.add('roles', role.id, apiRole(role));
  }

  /** A channel, with the invoker's permissions in it. */
  channelOf(target: ChannelRecord): void {
    this.add('channels', target.id, apiResolvedChannel(target, this.state.permissionsIn(target, this.invokerId)));
  }

  /** An attachment uploaded with a slash command. */
  attachment(id: string, data: Record<string, unknown>): void {
    this.add('attachments', id, data);
  }

  /** Adds data as given (a wire option carrying what the test says). */
  add(kind: string, id: string, value: unknown): void {
    (this.data[kind] ??= {})[id] = value;
  }
}
