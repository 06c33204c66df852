/**
 * Preloaded (`node --require`) into both bots of the production benchmark: raises discord.js's client-side
 * global REST limit (Discord's 50 requests/s, which the simulator does not have), so 10,000 replies do not
 * take 200 s per bot. The same for both, as bench/dispatch does with its `rest` option; it loads only
 * @discordjs/rest, which discord.js loads anyway.
 */
const { createRequire } = require('node:module');

const fromDiscordJs = createRequire(require.resolve('discord.js'));
fromDiscordJs('@discordjs/rest').DefaultRestOptions.globalRequestsPerSecond = 1_000_000;
