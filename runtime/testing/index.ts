/**
 * Cogsmith's Discord simulator, for testing bots offline with the real discord.js client.
 *
 * A fake Discord runs on 127.0.0.1 (REST + gateway); the unmodified discord.js Client connects to it with
 * only its REST `api` pointed at the simulator. Members, guilds and slash commands are made in the test;
 * what the bot sends is recorded and can be awaited.
 *
 * ```ts
 * import { describe, expect, it } from 'vitest';
 * import { useSimulator } from '../../runtime/testing/vitest.js';
 *
 * describe('ping cog', () => {
 *   const fx = useSimulator();                               // a fresh simulator per test, stopped after it
 *   it('GIVEN a member WHEN they run /ping THEN the bot answers', async () => {
 *     const { sim } = fx;
 *     const guild = sim.createGuild({ name: 'Test' });       // #general, @everyone, the bot as a member
 *     const alice = sim.createMember(guild, { username: 'alice' });
 *     const client = sim.createClient();                     // a discord.js Client aimed at the simulator
 *     startMyBot(client);                                    // attach handlers, register commands...
 *     await sim.login(client);                               // logs in with sim.token, waits for ready
 *     await sim.waitForCommands();                           // the bot registered its slash commands
 *     const interaction = await sim.runSlash(guild.general, alice, 'ping');
 *     const reply = await sim.waitForInteractionResponse(interaction);
 *     expect(reply.content).toBe('Pong!');
 *     await sim.say(guild.general, alice, '!ping');
 *     expect((await sim.waitForMessage({ channelId: guild.general })).content).toBe('Pong!');
 *   });
 * });
 * ```
 *
 * Outside vitest, `const sim = await Simulator.start()` ... `await sim.stop()` does the same.
 * `sim.requests` records every REST call; `sim.gatewayLog` every gateway payload (tokens removed).
 * `sim.faults` loses, drops or slows REST answers; `sim.sendRawDispatch` sends any gateway payload.
 */
export { Simulator } from './simulator.js';
export type { SimulatorOptions, SayInput } from './simulator.js';
export type { WaitForMessageOptions, InteractionReply } from './observe.js';
export type { SimInteraction, RunSlashOptions } from './interactions.js';
export type { SlashOptionValue, WireOption, ResolvedData } from './slash-option-payloads.js';
export type { GuildHandle, MemberHandle, ChannelHandle, RoleHandle, UserHandle, UserRef, ChannelRef, RoleRef } from './handles.js';
export type { GenerateGuildsOptions } from './generated-guilds.js';
export type { GeneratedGuilds } from './world.js';
export type { GuildInput, MemberInput, ChannelInput, RoleInput, OverwriteInput, PermissionsInput } from './world.js';
export { toBits } from './world.js';
export type { RecordedRequest } from './rest/server.js';
export type { RestFaults, FaultMatch } from './rest/faults.js';
export type { RestRateLimits, RestRateLimitOptions, RouteLimit, RestRateStats } from './rest/rate-limits.js';
export type { GatewayLogEntry } from './gateway.js';
export { ALL_INTENTS, PRIVILEGED_INTENTS } from './gateway.js';
export { SimulatorTimeoutError } from './waiters.js';
export { DiscordApiError } from './rest/router.js';
export { ComponentRefusedError } from './components.js';
export type { SelectValue } from './select-menus.js';
export { snowflakeAt, snowflakeTime, shardForGuild, SnowflakeGenerator } from './snowflake.js';
export { channelPermissions, basePermissions, DEFAULT_EVERYONE_PERMISSIONS, ALL_PERMISSIONS } from './permissions.js';
export { resolveMentions } from './mentions.js';
export { startTestBot, type TestBot, type TestBotOptions } from './bot.js';
export { ManualClock } from './clock.js';
