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
    expect(lines).toEqual(['[#general] cogsmith-bot: files', '    📎 report.txt (12 bytes)', '    [1 Next] [2 🗑]']);
  });

  it('GIVEN buttons and menus in rows WHEN rendered with the chat tag THEN they are numbered in order, one row a line, links with their URL', () => {
    const lines = renderMessage(
      message({
        content: 'choose',
        components: [
          { type: 1, components: [{ type: 3, custom_id: 'c', placeholder: 'Colours', min_values: 0, max_values: 2, options: [{ label: 'Red', value: 'r' }, { label: 'Blue', value: 'b' }] }] },
          { type: 1, components: [{ type: 8, custom_id: 'where', disabled: true }] },
          {
            type: 1,
            components: [
              { type: 2, style: 1, custom_id: 'ok', label: 'Like', emoji: { name: '👍' } },
              { type: 2, style: 2, custom_id: 'party', emoji: { id: '123456789012345678', name: 'party' } },
              { type: 2, style: 5, url: 'https://example.invalid', label: 'Docs' },
              { type: 2, style: 2, custom_id: 'no', label: 'No', disabled: true },
            ],
          },
        ],
      }),
      view,
      { tag: 'm3' },
    );
    expect(lines).toEqual([
      '[#general] cogsmith-bot: choose',
      '    m3: [1 ▾ Colours: Red | Blue (choose up to 2)]',
      '        [2 ▾ any of the channels (choose one, disabled)]',
      '        [3 👍 Like] [4 :party:] [5 Docs → https://example.invalid] [6 No (disabled)]',
    ]);
  });

  it('GIVEN a tagged message whose buttons are gone WHEN rendered THEN it says so under it', () => {
    expect(renderMessage(message({ content: 'page 3' }), view, { tag: 'm1', edited: true })).toEqual(['[#general] cogsmith-bot (edited): page 3', '    m1: no buttons or menus any more']);
  });

  it('says which press a message answers or was updated by, and who pressed when the chat does not know', () => {
    const answer = message({ content: 'psst', flags: MessageFlags.Ephemeral, interaction_metadata: { id: '4', type: 3, user: you, interacted_message_id: '2' } });
    expect(renderMessage(answer, view, { cause: { userId: YOU, action: 'pressed Whisper on m1' } })).toEqual(['[#general] cogsmith-bot (you pressed Whisper on m1, only you can see this): psst']);
    expect(renderMessage(answer, { directory, viewerId: ALICE })).toEqual(['[#general] cogsmith-bot (you used a button or menu, only you can see this): psst']);
    expect(renderMessage(message({ content: 'page 2' }), view, { edited: true, cause: { userId: ALICE, action: 'pressed ▶ on m1' } })).toEqual(['[#general] cogsmith-bot (updated after Alice pressed ▶ on m1): page 2']);
  });

  it('GIVEN Discord timestamps in content and embeds WHEN rendered THEN they read as times, relative ones to the view clock', () => {
    const time = { now: 1_800_000_000_000, locale: 'en-US', timeZone: 'UTC' };
    const lines = renderMessage(
      message({ content: 'Try again <t:1800000010:R>.', embeds: [{ title: 'Due <t:1800000000:D>', description: 'at <t:1800000000:t>', fields: [{ name: 'Since <t:1799999700:R>', value: '<t:1800003600:R>' }], footer: { text: 'sent <t:1800000000:f>' } }] }),
      { ...view, time },
    );
    expect(lines).toEqual([
      '[#general] cogsmith-bot: Try again in 10 seconds.',
      '    ┃ Due January 15, 2027',
      '    ┃ at 8:00 AM',
      '    ┃ Since 5 minutes ago: in 1 hour',
      '    ┃ — sent January 15, 2027 8:00 AM',
    ]);
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
