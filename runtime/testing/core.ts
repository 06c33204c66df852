/**
 * What the simulator's parts share: the world state, the gateway, the bot's identity and an event bus that
 * waiters listen on. Kept apart from simulator.ts so the parts do not import the whole simulator.
 */
import { EventEmitter } from 'node:events';
import type { APIMessage } from 'discord.js';
import type { BotMessageHooks } from './bot-message-hooks.js';
import type { GatewayServer } from './gateway.js';
import type { RecordedRequest } from './rest/server.js';
import type { SimState } from './state.js';

export interface SimEventsMap {
  request: [record: RecordedRequest];
  messageCreate: [message: APIMessage];
  messageUpdate: [message: APIMessage];
  messageDelete: [message: APIMessage];
  interactionResponse: [interactionId: string];
  commandsChanged: [];
}

/**
 * The simulator's event bus. Listeners run on the next turn of the event loop (setImmediate), after the REST
 * request that caused the change has been recorded, so a waiter that resolves always sees that request too.
 */
export class SimEvents extends EventEmitter<SimEventsMap> {
  constructor() {
    super();
    // Many waiters may listen at once in a busy test.
    this.setMaxListeners(0);
  }

  override emit<K extends keyof SimEventsMap>(event: K, ...args: SimEventsMap[K]): boolean {
    const has = this.listenerCount(event) > 0;
    const emit = super.emit.bind(this) as (name: keyof SimEventsMap, ...rest: unknown[]) => boolean;
    setImmediate(() => emit(event, ...args));
    return has;
  }
}

export interface SimCore {
  readonly state: SimState;
  readonly gateway: GatewayServer;
  readonly events: SimEvents;
  readonly botUserId: string;
  readonly applicationId: string;
  /** Tests' hooks on messages the bot creates (sim.onBotMessage). */
  readonly botMessages: BotMessageHooks;
}
