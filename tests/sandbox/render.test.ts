import type { APIMessage } from 'discord-api-types/v10';
import { MessageFlags } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { emojiLabel, renderMessage, renderReaction } from '../../runtime/sandbox/render.js';
import { ALICE, BOT, directory, GENERAL, MODS, RANDOM, YOU } from './fixtures.js';

function message(extra: Record<string, unknown> = {}): APIMessage {
  return {
    id: '200000000000000001',
    channel_id: GENERAL,
    author: { id: BOT, username: 'cogsmith-bot', discriminator: '0', global_name: null, avatar: null, bot: true },
    content: '',
    timestamp: '2026-01-01T00:00:00.000Z',
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    pinned: false,
    type: 0,
    flags: 0,
    components: [],
    ...extra,
  } as unknown as APIMessage;
}

const view = { directory, viewerId: YOU };
const you = { id: YOU, username: 'you', discriminator: '0', global_name: null, avatar: null };

describe('renderMessage', () => {
  it('GIVEN a plain message WHEN rendered THEN one line names the channel and the author', () => {
    expect(renderMessage(message({ content: 'Pong!' }), view)).toEqual(['[#general] cogsmith-bot: Pong!']);
  });

  it('shows mentions as names, and marks @everyone that pinged nobody', () => {
    const lines = renderMessage(message({ content: `hi <@${ALICE}> in <#${RANDOM}>, <@&${MODS}> and @everyone` }), view);
    expect(lines).toEqual(['[#general] cogsmith-bot: hi @Alice in #random, @mods and @everyone   (pings nobody)']);
    expect(renderMessage(message({ content: '@everyone', mention_everyone: true }), view)).toEqual(['[#general] cogsmith-bot: @everyone']);
  });

  it('says what a message answers: a text command of yours, or a slash command and who ran it', () => {
    const original = message({ id: '2', author: { id: ALICE, username: 'alice', discriminator: '0', global_name: 'Alice', avatar: null } });
    expect(renderMessage(message({ content: 'ok', referenced_message: original }), view)).toEqual(['[#general] cogsmith-bot (reply to Alice): ok']);
    expect(renderMessage(message({ content: 'ok', referenced_message: original }), { directory, viewerId: ALICE })).toEqual(['[#general] cogsmith-bot (reply to you): ok']);
    const slash = message({ content: 'Pong!', interaction_metadata: { id: '3', type: 2, name: 'ping', user: you } });
    expect(renderMessage(slash, view)).toEqual(['[#general] cogsmith-bot (/ping by you): Pong!']);
  });

  it('marks an ephemeral reply with who alone can see it', () => {
    const lines = renderMessage(message({ content: 'secret', flags: MessageFlags.Ephemeral, interaction_metadata: { id: '3', type: 2, name: 'secret', user: you } }), view);
    expect(lines).toEqual(['[#general] cogsmith-bot (/secret by you, only you can see this): secret']);
  });

  it('shows a deferred reply as thinking, and an edit as edited', () => {
    expect(renderMessage(message({ flags: MessageFlags.Loading, interaction_metadata: { id: '3', type: 2, name: 'slow', user: you } }), view)).toEqual([
      '[#general] cogsmith-bot (/slow by you): … is thinking',
    ]);
    expect(renderMessage(message({ content: 'v2' }), view, { edited: true })).toEqual(['[#general] cogsmith-bot (edited): v2']);
  });

  it('renders embeds readably: indented author, title, description, fields and footer', () => {
    const lines = renderMessage(
      message({
        content: 'Your card:\nsecond line',
        embeds: [
          {
            author: { name: 'Cogsmith' },
            title: 'Profile',
            url: 'https://example.invalid/p',
            description: `About <@${ALICE}>\nmore`,
            fields: [
              { name: 'Level', value: '3', inline: true },
              { name: 'Notes', value: 'a\nb' },
            ],
            footer: { text: 'page 1/2' },
          },
          {},
        ],
      }),
      view,
    );
    expect(lines).toEqual([
      '[#general] cogsmith-bot: Your card:',
      '    second line',
      '    ┃ Cogsmith',
      '    ┃ Profile <https://example.invalid/p>',
      '    ┃ About @Alice',
      '    ┃ more',
      '    ┃ Level: 3',
      '    ┃ Notes: a',
      '    ┃   b',
      '    ┃ — page 1/2',
      '    ┃ (empty embed)',
    ]);
  });

  it('lists attachments and buttons under the message', () => {
    const lines = renderMessage(
      message({
        content: 'files',
        attachments: [{ id: '1', filename: 'report.txt', size: 12, url: 'u', proxy_url: 'p' }],
        components: [{ type: 1, components: [{ type: 2, style: 1, label: 'Next', custom_id: 'n' }, { type: 2, style: 1, emoji: { name: '🗑' }, custom_id: 'd' }] }],
      }),
      view,
    );
    expect(lines).toEqual(['[#general] cogsmith-bot: files', '    📎 report.txt (12 bytes)', '    [ Next ] [ 🗑 ]']);
  });

  it('labels a DM channel with the other person', () => {
    const dm = { ...directory, channels: [...directory.channels, { id: '300000000000000001', name: 'you', dm: true }] };
    expect(renderMessage(message({ channel_id: '300000000000000001', content: 'psst' }), { directory: dm, viewerId: YOU })).toEqual(['[DM with you] cogsmith-bot: psst']);
  });
});

describe('renderReaction', () => {
  it('shows the bot reaction and whose message it is on', () => {
    expect(renderReaction({ channelId: GENERAL, userId: BOT, emoji: '✅', messageAuthorId: YOU }, view)).toBe('[#general] cogsmith-bot: ✅ (reaction on your message)');
    expect(renderReaction({ channelId: RANDOM, userId: BOT, emoji: '✅', messageAuthorId: ALICE }, view)).toBe("[#random] cogsmith-bot: ✅ (reaction on Alice's message)");
  });

  it('decodes the emoji of a reaction route, custom emojis by name', () => {
    expect(emojiLabel(encodeURIComponent('✅'))).toBe('✅');
    expect(emojiLabel('party%3A123456789012345678')).toBe(':party:');
  });
});
