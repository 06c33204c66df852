/**
 * Who the bot owners are: the ids in bot.config.yaml, plus (unless `ownersFromApplication: false`) the
 * application's owner as Discord reports it. For a team-owned application that is the team's owner, or
 * every team member with `teamMembersAreOwners: true`. The application is asked once and remembered.
 */
import type { Client, Team, User } from 'discord.js';
import type { Logger } from '../logging.js';

export interface OwnerOptions {
  client: Client;
  /** Owner ids from bot.config.yaml. */
  configured: readonly string[];
  /** Also trust the application's owner (default true). */
  fromApplication?: boolean;
  /** Team-owned application: every member is an owner, not just the team owner (default false). */
  teamMembersAreOwners?: boolean;
  logger: Logger;
}

/** The ids an application owner stands for: a user, a team's owner, or (by option) every team member. */
export function applicationOwnerIds(owner: User | Team | null | undefined, teamMembersAreOwners: boolean): string[] {
  if (!owner) return [];
  if ('members' in owner) {
    if (teamMembersAreOwners) return [...owner.members.keys()];
    return owner.ownerId ? [owner.ownerId] : [];
  }
  return [owner.id];
}

export class OwnerDirectory {
  private readonly configured: ReadonlySet<string>;
  private fromApplication: ReadonlySet<string> | undefined;
  private pending: Promise<ReadonlySet<string>> | undefined;

  constructor(private readonly options: OwnerOptions) {
    this.configured = new Set(options.configured);
  }

  /** Every owner id (the configured ones at once; the application's after its first lookup). */
  async ids(): Promise<ReadonlySet<string>> {
    const app = await this.applicationOwners();
    return new Set([...this.configured, ...app]);
  }

  /** True when the user is a bot owner. Configured owners never wait for Discord. */
  async isOwner(userId: string): Promise<boolean> {
    if (this.configured.has(userId)) return true;
    return (await this.applicationOwners()).has(userId);
  }

  /** Forgets the application's owner so the next check asks Discord again (after a team change). */
  refresh(): void {
    this.fromApplication = undefined;
    this.pending = undefined;
  }

  private applicationOwners(): Promise<ReadonlySet<string>> {
    if (this.options.fromApplication === false) return Promise.resolve(new Set());
    if (this.fromApplication) return Promise.resolve(this.fromApplication);
    this.pending ??= this.lookUp();
    return this.pending;
  }

  private async lookUp(): Promise<ReadonlySet<string>> {
    const application = this.options.client.application;
    try {
      if (!application) throw new Error('the client is not ready');
      const fetched = await application.fetch();
      this.fromApplication = new Set(applicationOwnerIds(fetched.owner, this.options.teamMembersAreOwners ?? false));
      return this.fromApplication;
    } catch (error) {
      // Fail closed and ask again next time: a lookup that failed must not make anyone an owner.
      this.pending = undefined;
      this.options.logger.warn('Could not look up the application owner; only configured owners count for now', { error });
      return new Set();
    }
  }
}
