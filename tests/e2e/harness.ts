/**
 * The e2e tests use the same fixture cog authors get from runtime/testing.
 */
export { startTestBot as startBot, type TestBot as Harness } from '../../runtime/testing/bot.js';
